"""The scan really runs in a Celery worker, through a real broker (not eagerly): Redis as in
production, and the embedded filesystem broker that scripts/run uses."""

import pytest
import redis
import time_machine
from celery.contrib.testing.worker import start_worker

from reports.models import Flag, FlagKind, Notification
from reports.tasks import scan_flags_task
from tests.factories.flags import T0, days, facility_signed_at

from .celery_utils import BROKER_DB, REDIS, RESULTS_DB, celery_configured, needs_redis

pytestmark = pytest.mark.django_db(transaction=True)
NOW = T0 + days(20)


def scan_through_worker(app):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=60):
        result = scan_flags_task.delay()
        return result.get(timeout=120)


@pytest.mark.redis
@needs_redis
def test_a_worker_runs_the_scan_from_the_redis_broker(commune_a, officers):
    facility = facility_signed_at(unit=commune_a)
    for db in (BROKER_DB, RESULTS_DB):
        redis.Redis(*REDIS, db=db).flushdb()
    url = f"redis://{REDIS[0]}:{REDIS[1]}"
    configured = celery_configured(broker_url=f"{url}/{BROKER_DB}", result_backend=f"{url}/{RESULTS_DB}")
    with configured as app, time_machine.travel(NOW):
        outcome = scan_through_worker(app)

    assert outcome["opened"] == 1
    assert Flag.objects.get(facility=facility).kind == FlagKind.OVERDUE
    assert Notification.objects.count() == 3


def test_a_worker_runs_the_scan_from_the_embedded_filesystem_broker(commune_a, officers, tmp_path):
    facility = facility_signed_at(unit=commune_a)
    queue = tmp_path / "queue"
    for folder in (queue, queue / "processed", queue / "control", tmp_path / "results"):
        folder.mkdir(parents=True)
    options = {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "processed_folder": str(queue / "processed"),
        "control_folder": str(queue / "control"),  # else kombu writes it into the current directory
    }
    configured = celery_configured(
        broker_url="filesystem://",
        broker_transport_options=options,
        result_backend=f"file://{tmp_path / 'results'}",
    )
    with configured as app, time_machine.travel(NOW):
        outcome = scan_through_worker(app)

    assert outcome["opened"] == 1
    assert Flag.objects.filter(facility=facility).count() == 1
