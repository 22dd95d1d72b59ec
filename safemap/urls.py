from django.contrib import admin
from django.urls import include, path
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag
from django.views.decorators.vary import vary_on_cookie
from django.views.i18n import JavaScriptCatalog

from accounts import views as account_views

from . import views

admin.site.site_header = "SafeMap — Quản trị"
admin.site.site_title = "SafeMap"

# Translations change only with a deploy, which restarts the process. The language comes from a
# cookie, so the browser keeps one copy per cookie and a 304 is given only for the same language.
STARTED = int(timezone.now().timestamp())
javascript_catalog = vary_on_cookie(
    cache_control(public=True, max_age=86400)(
        etag(lambda request: f'"{get_language()}-{STARTED}"')(JavaScriptCatalog.as_view())
    )
)

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include("accounts.urls")),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("favicon.ico", views.favicon, name="favicon"),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", javascript_catalog, name="javascript-catalog"),
]

handler500 = "safemap.views.server_error"
