from importlib import import_module

from django.apps import apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule


class ProjectAdminConfig(SimpleAdminConfig):
    """Admin without autodiscovery: django-leaflet's admin module imports GeoDjango, which
    needs GDAL, a library SafeMap does not use (django-leaflet issue #299)."""

    def ready(self):
        super().ready()
        for app in apps.get_app_configs():
            if app.name != "leaflet" and module_has_submodule(app.module, "admin"):
                import_module(f"{app.name}.admin")
