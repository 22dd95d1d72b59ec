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


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}  # set but empty is off, as it always was


def envbool(name: str, default: str) -> bool:
    """The spellings people write in .env and compose files, in any case. Anything else stops
    the start rather than guess."""
    value = os.getenv(name, default)
    if value.strip().lower() in TRUE_WORDS:
        return True
    if value.strip().lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"Unexpected value {name}={value}, use 1/0, true/false, yes/no or on/off")


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
    "safemap.admin_config.AxesConfig",
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
    # Inside WhiteNoise (static files keep their caching), outside everything that sets headers.
    "safemap.middleware.NoStoreUnlessPublicMiddleware",
    "safemap.middleware.PermissionsPolicyMiddleware",
    "safemap.middleware.TextGZipMiddleware",  # after WhiteNoise, which serves static files pre-compressed
    "django.contrib.sessions.middleware.SessionMiddleware",
    "safemap.middleware.SwitchOnlyLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.LoginThrottleMiddleware",
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
# Server settings for every PostgreSQL session. The officers' figures are aggregates that
# PostgreSQL estimates costly enough to JIT-compile; at national size compiling them takes
# longer (0.1–0.3 s a query, benchmarks/pages.py) than it saves.
DATABASE_PG_OPTIONS = os.getenv("DATABASE_PG_OPTIONS", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
    if DATABASE_PG_OPTIONS:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = DATABASE_PG_OPTIONS
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's server answers several requests at once (an autosave in flight while the
    # clerk signs). SQLite's default deferred transactions start as readers and fail at once
    # with "database is locked" when they try to write while another request writes;
    # IMMEDIATE takes the write lock at BEGIN and waits up to "timeout" seconds for it. WAL
    # lets pages read while a write is going on.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
# A PostgreSQL streaming replica for map data and exports (safemap/db_router.py); writes and
# every other read stay on the primary, and reads fall back to it when the replica is down or
# more than DATABASE_REPLICA_MAX_LAG_SECONDS behind.
DATABASE_ROUTERS = ["safemap.db_router.PrimaryWritesRouter"]
DATABASE_REPLICA_MAX_LAG_SECONDS = envint("DATABASE_REPLICA_MAX_LAG_SECONDS", "10")
DATABASE_REPLICA_CHECK_SECONDS = envint("DATABASE_REPLICA_CHECK_SECONDS", "5")
if os.getenv("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=envint("DB_CONN_MAX_AGE", "0")
    )
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a PostgreSQL streaming replica")
    # A replica that is down must not hold a request up: the primary answers instead.
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2}
    if DATABASE_PG_OPTIONS:
        DATABASES["replica"]["OPTIONS"]["options"] = DATABASE_PG_OPTIONS
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
# Lockout and throttling (README "Lockout and sessions"): a username is locked after
# AXES_FAILURE_LIMIT failures from any address; an address with LOGIN_ADDRESS_FAILURE_LIMIT
# failures over any usernames within the window is refused (accounts/throttle.py).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address in the lockout key; the address is braked on its own instead,
# with a higher limit, so one office's or carrier's shared address is not locked by five typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", "30")
LOGIN_ADDRESS_WINDOW = timedelta(minutes=envint("LOGIN_ADDRESS_WINDOW_MINUTES", "15"))
# Proxies in front of Django that append to X-Forwarded-For (the documented TLS proxy: 1).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
# Sessions end after this long idle, and this long after login however busy (ASVS 3.3.2):
# a facility's clerk on a shared phone, an officer (or admin) at a desk.
SESSION_LIMITS = {
    "facility": (
        timedelta(minutes=envint("SESSION_IDLE_MINUTES_FACILITY", "15")),
        timedelta(hours=envint("SESSION_MAX_HOURS_FACILITY", "8")),
    ),
    "officer": (
        timedelta(minutes=envint("SESSION_IDLE_MINUTES_OFFICER", "30")),
        timedelta(hours=envint("SESSION_MAX_HOURS_OFFICER", "12")),
    ),
}
SESSION_COOKIE_AGE = int(max(limit for _idle, limit in SESSION_LIMITS.values()).total_seconds())
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
    # Officers' next steps (Ghi nhận liên hệ) due today: first at 06:50, before the 07:00 digest
    # lists them, then hourly in office hours for steps set today for today; once each.
    "remind-next-steps": {  # https://crontab.guru/#50_6-18_*_*_*
        "task": "reports.tasks.remind_next_steps_task",
        "schedule": crontab(minute=50, hour="6-18"),
        "options": {"expires": 50 * 60},
    },
    # Hourly (crontab.guru/#0_*_*_*_*): finished exports are deleted after EXPORT_KEEP_HOURS.
    "purge-exports": {"task": "reports.tasks.export_jobs_purge_task", "schedule": 3600},
    # Initial secrets of imported accounts are kept (encrypted) only until the letters are
    # downloaded or IMPORT_SECRETS_TTL_HOURS pass.
    "wipe-import-secrets": {"task": "accounts.importing.tasks.wipe_import_secrets_task", "schedule": 3600.0},
    # Every 10 minutes: a supplementary import whose notice was never queued (broker down when it
    # finished) still reaches the Sở and the offices.
    "notify-supplementary": {"task": "reports.tasks.notify_supplementary_catch_up_task", "schedule": 600.0},
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
    # Vietnam with its islands, as (min lon, min lat, max lon, max lat): the map pans no further.
    "SPATIAL_EXTENT": (100.0, 6.0, 118.0, 24.5),
    "RESET_VIEW": False,
}

# SafeMap rules
ASSESSMENT_PERIOD_DAYS = envint("ASSESSMENT_PERIOD_DAYS", "14")
ASSESSMENT_GRACE_DAYS = envint("ASSESSMENT_GRACE_DAYS", "2")
REMINDER_DAYS_BEFORE = envint("REMINDER_DAYS_BEFORE", "2")
ESCALATION_DAYS = envint("ESCALATION_DAYS", "14")
# Exports above this many rows run as a background job with a progress bar.
EXPORT_SYNC_MAX_ROWS = envint("EXPORT_SYNC_MAX_ROWS", "5000")
# Letter batches of more accounts than this are built in the background (their PDF of one slip a
# facility runs to thousands of pages); smaller ones download at once.
LETTERS_SYNC_MAX_ACCOUNTS = envint("LETTERS_SYNC_MAX_ACCOUNTS", "300")
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
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = not DEBUG
# Only the server reads the language choice (safemap/middleware.py), never our scripts.
LANGUAGE_COOKIE_HTTPONLY = True
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
        # The facility's offline app: its service worker (/sw.js) and manifest, from our origin.
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Permissions-Policy: browser features off everywhere ("self" would let our own scripts use
# them); the views named below get one back for our origin only.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
PERMISSIONS_POLICY_VIEWS = {
    "assessments:fill": {"camera": ["self"]},  # photos of each item, taken on the phone
    "reports:facility_edit": {"geolocation": ["self"]},  # the location picker
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
}
