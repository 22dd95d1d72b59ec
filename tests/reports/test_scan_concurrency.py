import threading

import pytest
import time_machine
from django.db import connection, transaction

from accounts.choices import Level
from accounts.models import Facility
from reports.flags import FlagKind, flag_conditions, flags_scan
from reports.flags import _open as open_flags_of_kind
from reports.models import Flag, Notification
from tests.factories.flags import T0, days, facility_signed_at

from .conftest import IN_SCOPE, needs_postgres

pytestmark = [pytest.mark.postgres, needs_postgres, pytest.mark.django_db(transaction=True)]
NOW = T0 + days(30)


def run_at_once(target, n=2):
    """Run ``target`` in n threads (each with its own database connection), released
    together by a barrier; re-raise the first error."""
    barrier = threading.Barrier(n)
    errors = []

    def work():
        try:
            with time_machine.travel(NOW, tick=False):
                barrier.wait()
                target()
        except Exception as e:  # noqa: BLE001
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    if errors:
        raise errors[0]


@pytest.fixture
def many_overdue(commune_a, officers):
    return [
        facility_signed_at(unit=commune_a, level=Level.RED if i % 4 == 0 else Level.GREEN) for i in range(60)
    ]


def test_two_scans_at_once_still_open_one_flag_and_notify_once(many_overdue, officers):
    run_at_once(flags_scan)

    assert Flag.objects.count() == 60 + 15  # every facility overdue, one in four also unsafe
    assert Flag.objects.filter(kind=FlagKind.OVERDUE).values("facility").distinct().count() == 60
    assert Notification.objects.count() == 75 * len(IN_SCOPE)


def test_racing_inserts_skip_the_flag_the_other_opened_instead_of_failing(many_overdue):
    """Without the scan's lock, the partial unique constraint and ON CONFLICT DO NOTHING
    alone keep one open flag per facility: the second insert waits for the first to commit,
    then skips its rows."""

    def open_overdue():
        with transaction.atomic():
            should_be_open, opened_at = flag_conditions(NOW)[FlagKind.OVERDUE]
            open_flags_of_kind(FlagKind.OVERDUE, should_be_open, opened_at, NOW)

    run_at_once(open_overdue, n=3)

    assert Flag.objects.filter(kind=FlagKind.OVERDUE).count() == Facility.objects.count() == 60
