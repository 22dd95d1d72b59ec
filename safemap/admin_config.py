from importlib import import_module

from axes.apps import AppConfig as BaseAxesConfig
from django.apps import apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class ProjectAdminConfig(SimpleAdminConfig):
    """Admin without autodiscovery: django-leaflet's admin module imports GeoDjango, which
    needs GDAL, a library SafeMap does not use (django-leaflet issue #299)."""

    def ready(self):
        super().ready()
        for app in apps.get_app_configs():
            if app.name != "leaflet" and module_has_submodule(app.module, "admin"):
                import_module(f"{app.name}.admin")


class AxesConfig(BaseAxesConfig):
    """django-axes with a Vietnamese name in the admin (its own is the label, "Axes"); its
    models and fields are translated in locale/vi."""

    verbose_name = _("Khóa đăng nhập")
