import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safemap.settings")

app = Celery("safemap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The bulk import keeps its tasks beside its services (accounts/importing/tasks.py).
app.autodiscover_tasks(["accounts.importing"])
