"""Production settings (DEBUG off) with static files served by WhiteNoise from the finders,
so the benchmark needs no collectstatic."""

from safemap.settings import *  # noqa: F403
from safemap.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

# Plain HTTP on loopback (TLS ends at the proxy in production): clients must get their
# session and CSRF cookies back over http://.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
