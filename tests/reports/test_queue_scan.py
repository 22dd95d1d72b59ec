import base64
import json
import logging

import pytest
import redis
import time_machine

from accounts.choices import Level
from reports.flags import flags_scan
from reports.models import Flag
from tests.factories.assessments import make_template, signed_assessment
from tests.factories.flags import T0, days, facility_signed_at
from tests.storage import isolate_media

from .celery_utils import BROKER_DB, REDIS, celery_configured, needs_redis

NOW = T0 + days(20)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    isolate_media(settings, tmp_path)


def sign(facility, when):
    """Through the real signing service (every item met, Hoàn thành, Ký xác nhận) at ``when``."""
    with time_machine.travel(when, tick=False):
        return signed_assessment(facility, make_template())


def test_signing_succeeds_with_the_broker_down_and_the_next_scan_catches_up(
    commune_a, officers, django_capture_on_commit_callbacks, caplog
):
    facility = facility_signed_at(unit=commune_a)
    with time_machine.travel(NOW, tick=False):
        flags_scan()
    assert Flag.objects.open().filter(facility=facility).exists()

    # Nothing listens on port 1: the broker is down.
    broker_down = celery_configured(broker_url="redis://127.0.0.1:1/5", broker_connection_timeout=1)
    with (
        broker_down,
        caplog.at_level(logging.WARNING, logger="reports.tasks"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        sign(facility, NOW + days(0.1))

    assert len(callbacks) == 1
    assert "Could not queue a flag scan" in caplog.text
    facility.refresh_from_db()
    assert (facility.level, facility.last_signed_at) == (Level.GREEN, NOW + days(0.1))
    assert Flag.objects.open().filter(facility=facility).exists()  # not yet…

    with time_machine.travel(NOW + days(0.2), tick=False):
        flags_scan()
    assert not Flag.objects.open().filter(facility=facility).exists()  # …the scan caught up


@pytest.mark.redis
@needs_redis
def test_signing_queues_one_scan_on_the_broker_after_commit(commune_a, django_capture_on_commit_callbacks):
    broker = redis.Redis(*REDIS, db=BROKER_DB)
    broker.flushdb()
    facility = facility_signed_at(unit=commune_a)
    broker_up = celery_configured(broker_url=f"redis://{REDIS[0]}:{REDIS[1]}/{BROKER_DB}")
    with broker_up, django_capture_on_commit_callbacks(execute=True):
        sign(facility, NOW)
        assert broker.llen("celery") == 0  # nothing before the commit
    assert broker.llen("celery") == 1
    message = json.loads(broker.lindex("celery", 0))
    _args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
    assert kwargs == {"facility_ids": [facility.pk]}  # a scan of the signing facility only
    broker.flushdb()
