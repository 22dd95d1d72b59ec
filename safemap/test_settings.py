"""Fast settings for the test suite: cheap hashing, in-memory email, eager Celery."""

import os

os.environ.setdefault("DEBUG", "True")
os.environ.setdefault("DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))
# MEDIA_STORAGE=s3 with TEST_S3_ENDPOINT (moto_server in .ci/run): a test bucket there, unless
# the S3_* settings say otherwise. Set in the environment so scripts/backup's child sees it too.
if os.environ.get("TEST_S3_ENDPOINT"):
    for _name, _value in {
        "S3_ENDPOINT_URL": os.environ["TEST_S3_ENDPOINT"],
        "S3_BUCKET": "safemap-test",
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY": "test",
        "S3_SECRET_KEY": "test",
    }.items():
        os.environ.setdefault(_name, _value)

from .settings import *  # noqa: E402, F403
from .settings import STORAGES  # noqa: E402

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "accounts.hashers.LookupSecretHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LEAFLET_CONFIG = {**LEAFLET_CONFIG, "TILES": []}  # noqa: F405  no network in tests
MAP_TILE_URL = ""

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as the demo runs, rather than SQLite's shared in-memory database: there a request
    # meeting another's open transaction fails at once ("table is locked"), where the file's
    # transactions wait for each other as in production. The live server answers several
    # requests at once (the offline app's outbox sends while the page saves).
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-db.sqlite3")}  # noqa: F405

# A replica alias only for the replica tests (tests/ops/test_replica.py, TEST_REPLICA_URL): a test
# mirror of default, which those tests point at the real streaming replica of the test cluster.
DATABASES.pop("replica", None)  # noqa: F405
if os.environ.get("TEST_REPLICA_URL"):
    import dj_database_url

    DATABASES["replica"] = {  # noqa: F405
        **dj_database_url.parse(os.environ["TEST_REPLICA_URL"]),
        "OPTIONS": {"connect_timeout": 2},
        "TEST": {"MIRROR": "default"},
    }
