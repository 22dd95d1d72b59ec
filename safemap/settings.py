"""SafeMap settings. Every value comes from the environment; the defaults run a local demo
(SQLite, an embedded broker, no Redis) and ``manage.py check --deploy`` catches production
misconfiguration."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default)
    if value not in ("", "True", "False"):
        raise ImproperlyConfigured(f"Unexpected value {name}={value}, use 'True' or 'False'")
    return value == "True"


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError as e:
        raise ImproperlyConfigured(f"Unexpected value {name}={value}, use a whole number") from e


def envlist(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.getenv(name, default).split(",") if v.strip()]


def envsecret(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (Docker secrets)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.getenv(name, default)


# Core
DEBUG = envbool("DEBUG", "True")
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")
DATA_DIR = Path(os.getenv("DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "safemap.admin_config.ProjectAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "leaflet",
    "axes",
    "csp",
    "accounts",
    "checklists",
    "assessments",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safemap.middleware.TextGZipMiddleware",  # after WhiteNoise, which serves static files pre-compressed
    "django.contrib.sessions.middleware.SessionMiddleware",
    "safemap.middleware.SwitchOnlyLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.ForcePasswordChangeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safemap.urls"
WSGI_APPLICATION = "safemap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safemap.context_processors.site",
                "reports.context_processors.inbox",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL in production (DATABASE_URL=postgres://…)
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'safemap.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Users, passwords, lockout
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "accounts.hashers.SingleLaneArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    # Only for secrets SafeMap generates (>= 112 bits): see accounts/hashers.py and docs/import.md.
    "accounts.hashers.LookupSecretHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Language, time, formats
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["safemap.formats"]

# Static files and uploads
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", str(DATA_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(DATA_DIR / "media")))
# Photos are never served from MEDIA_URL: a permission-checked view streams them.
MEDIA_URL = "/media-not-public/"
MEDIA_STORAGE = os.getenv("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    _media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.getenv("S3_BUCKET", ""),
            "endpoint_url": os.getenv("S3_ENDPOINT_URL") or None,
            "region_name": os.getenv("S3_REGION") or None,
            "access_key": envsecret("S3_ACCESS_KEY"),
            "secret_key": envsecret("S3_SECRET_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "local":
    _media = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"Unexpected value MEDIA_STORAGE={MEDIA_STORAGE}, use 'local' or 's3'")
STORAGES = {
    "default": _media,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PHOTO_MAX_UPLOAD_BYTES = envint("PHOTO_MAX_UPLOAD_MB", "15") * 1024 * 1024

# Email
EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "True")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "SafeMap <no-reply@safemap.local>")

# Cache: local memory by default, Redis when REDIS_URL is set
REDIS_URL = os.getenv("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # An unreachable Redis must fail fast: callers fall back to working without the cache.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: an embedded filesystem broker by default (no server needed), Redis in production
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL") or "filesystem://"
CELERY_RESULT_BACKEND = os.getenv("CELERY_RESULT_BACKEND") or f"file://{DATA_DIR / 'celery-results'}"
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue = DATA_DIR / "celery-queue"
    for _folder in (_queue, _queue / "processed", _queue / "control", DATA_DIR / "celery-results"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(_queue / "processed"),
        # Without it kombu writes its control exchange into the current directory.
        "control_folder": str(_queue / "control"),
        "store_processed": False,
    }
else:
    # A worker holding prefetched messages when Redis goes away dies on kombu's attempt to
    # hand them back (an AttributeError in kombu 5.7's restore path), and then nothing runs
    # until someone restarts it. Without ack emulation the worker logs what it could not
    # hand back and reconnects. Every task here is idempotent or re-run by the schedule,
    # imports resume from their checkpoint, and a Redis restart loses its queue anyway.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"ack_emulation": False}
    if CELERY_RESULT_BACKEND.startswith("file://"):
        (DATA_DIR / "celery-results").mkdir(parents=True, exist_ok=True)
# One message reserved per worker process: a long import or export does not hold others back.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", "False")
CELERY_TASK_SOFT_TIME_LIMIT = 600
CELERY_TASK_TIME_LIMIT = 900
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Times are Asia/Ho_Chi_Minh (CELERY_TIMEZONE). An expired run is dropped, not piled up
# while a worker is down: the next one does the same work.
CELERY_BEAT_SCHEDULE = {
    "scan-flags": {  # https://crontab.guru/#*/15_*_*_*_*
        "task": "reports.tasks.scan_flags_task",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    "send-digests": {  # https://crontab.guru/#0_7_*_*_*
        "task": "reports.tasks.send_digests_task",
        "schedule": crontab(minute=0, hour=7),
        "options": {"expires": 6 * 3600},
    },
    "send-reminders": {  # https://crontab.guru/#30_7-19_*_*_*  hourly, in office hours
        "task": "reports.tasks.send_reminders_task",
        "schedule": crontab(minute=30, hour="7-19"),
        "options": {"expires": 50 * 60},
    },
    # Hourly (crontab.guru/#0_*_*_*_*): finished exports are deleted after EXPORT_KEEP_HOURS.
    "purge-exports": {"task": "reports.tasks.export_jobs_purge_task", "schedule": 3600},
    # Initial secrets of imported accounts are kept (encrypted) only until the letters are
    # downloaded or IMPORT_SECRETS_TTL_HOURS pass.
    "wipe-import-secrets": {"task": "accounts.tasks.wipe_import_secrets_task", "schedule": 3600.0},
}

# Map
MAP_TILE_URL = os.getenv("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.getenv("MAP_TILE_ATTRIBUTION", "&copy; OpenStreetMap")
LEAFLET_CONFIG = {
    "TILES": [("", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})] if MAP_TILE_URL else [],
    "DEFAULT_CENTER": (21.386, 103.02),
    "DEFAULT_ZOOM": 8,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 18,
    "RESET_VIEW": False,
}

# SafeMap rules
ASSESSMENT_PERIOD_DAYS = envint("ASSESSMENT_PERIOD_DAYS", "14")
ASSESSMENT_GRACE_DAYS = envint("ASSESSMENT_GRACE_DAYS", "2")
REMINDER_DAYS_BEFORE = envint("REMINDER_DAYS_BEFORE", "2")
ESCALATION_DAYS = envint("ESCALATION_DAYS", "14")
# Exports above this many rows run as a background job with a progress bar.
EXPORT_SYNC_MAX_ROWS = envint("EXPORT_SYNC_MAX_ROWS", "5000")
# How long a finished export file stays downloadable.
EXPORT_KEEP_HOURS = envint("EXPORT_KEEP_HOURS", "24")
# Issuing office printed at the top of the suspension-proposal report.
REPORT_ISSUER = os.getenv("REPORT_ISSUER", "SỞ CÔNG THƯƠNG")

# Bulk import of accounts (docs/import.md)
IMPORT_MAX_UPLOAD_MB = envint("IMPORT_MAX_UPLOAD_MB", "20")
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "50000")
IMPORT_CHUNK_SIZE = envint("IMPORT_CHUNK_SIZE", "250")
IMPORT_HASH_WORKERS = envint("IMPORT_HASH_WORKERS", "0")  # 0: one process per CPU
IMPORT_SECRETS_TTL_HOURS = envint("IMPORT_SECRETS_TTL_HOURS", "24")
IMPORT_STALLED_SECONDS = envint("IMPORT_STALLED_SECONDS", "120")

# Security: strict in production, relaxed only where DEBUG needs plain HTTP
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False" if DEBUG else "True")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False" if DEBUG else "True")
if os.getenv("SECURE_PROXY_SSL_HEADER") == "X-Forwarded-Proto":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: scripts only from our origin or with the per-request nonce
# (<script nonce="{{ CSP_NONCE }}">); inline styles stay allowed because Leaflet positions
# map tiles and markers with style attributes. Only the embeddable map may be framed.
_tiles = urlsplit(MAP_TILE_URL.replace("{s}", "*")) if MAP_TILE_URL else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *([f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles else [])],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
}
