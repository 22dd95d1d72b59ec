"""The Celery worker running a bulk import is killed (SIGKILL) halfway; "Chạy tiếp" finishes it."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.db.models import Count

from accounts.importing.service import import_job_confirm, import_job_create, import_job_restart
from accounts.models import Facility, ImportJob, User
from safemap.celery import app as celery_app
from tests.factories import UserFactory
from tests.factories import imports as files

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROWS = 2000
CHUNK = 50


@pytest.fixture
def broker(own_redis):
    """Tasks go through our own Redis, to real worker processes."""
    url = own_redis.url(1)
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.close()  # drop connections made for another broker
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = False, url
    yield url
    celery_app.close()
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved


def start_worker(broker_url, tmp_path):
    s = connection.settings_dict
    database_url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safemap.settings",
        "DATABASE_URL": database_url,  # the test database
        "CELERY_BROKER_URL": broker_url,
        "DATA_DIR": str(tmp_path),
        "IMPORT_CHUNK_SIZE": str(CHUNK),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "safemap", "worker", "--concurrency=1", "--loglevel=WARNING"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "worker.log").open("a"),
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ImportJob.objects.get()
        if condition(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}: {ImportJob.objects.values().get()}")


def test_import_whose_worker_is_killed_finishes_on_restart_without_duplicates(
    commune_a, broker, tmp_path, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("the import worker needs PostgreSQL (set DATABASE_URL)")
    admin = UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True)
    job, _ = import_job_create(raw=files.csv_bytes(files.generated_rows(ROWS)), file_name="ds.csv", by=admin)
    first = start_worker(broker, tmp_path)
    try:
        assert import_job_confirm(job=job, by=admin)  # queued through Redis on commit
        wait_for(lambda j: j.rows_done >= 3 * CHUNK, 180, "a few committed chunks")
        os.killpg(first.pid, signal.SIGKILL)  # mid-chunk, most likely: no chance to clean up
        first.wait(10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)

    job.refresh_from_db()
    assert job.status == "running" and 0 < job.rows_done < ROWS
    # Every committed chunk wrote its facilities and marked its rows in one transaction.
    assert Facility.objects.count() == job.rows_done

    settings.IMPORT_STALLED_SECONDS = 1
    time.sleep(1.5)
    second = start_worker(broker, tmp_path)
    try:
        assert import_job_restart(job=job)  # "Chạy tiếp"
        job = wait_for(lambda j: j.status in ("done", "failed"), 300, "the import to finish")
    finally:
        os.killpg(second.pid, signal.SIGKILL)
        second.wait(10)

    assert (job.status, job.rows_done, job.created_count, job.updated_count) == ("done", ROWS, ROWS, 0)
    assert Facility.objects.count() == ROWS
    assert User.objects.filter(role="facility").count() == ROWS
    assert not Facility.objects.values("tax_code").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not Facility.objects.filter(user__isnull=True).exists()
