"""A corrective request past its deadline opens a "Quá hạn khắc phục" flag in the scan, which
closes when no request of the facility is overdue any more, and escalates like any flag."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import Level
from accounts.models import Facility
from assessments.corrective_services import request_accept, request_return
from reports.flags import escalated_facilities, flags_scan
from reports.models import Flag, FlagKind
from reports.suspension import suspension_reason
from tests.factories import UserFactory
from tests.factories.corrective import answered, corrective_request
from tests.factories.flags import VN, days, facility_signed_at

pytestmark = pytest.mark.django_db

# The facilities sign on 1 March 2021 (green, due a period later): no other flag in the way.
DEADLINE = date(2021, 3, 10)
PASSED = datetime(2021, 3, 11, 0, 0, tzinfo=VN)  # midnight after the deadline day


@pytest.fixture
def officer(province):
    return UserFactory(role="province", unit=province, username="so.dienbien")


@pytest.fixture
def facility(commune_a):
    return facility_signed_at(Level.GREEN, unit=commune_a)


def request_flags(facility):
    return Flag.objects.filter(facility=facility, kind=FlagKind.REQUEST_OVERDUE)


def scan_at(moment):
    with time_machine.travel(moment, tick=False):
        return flags_scan()


def test_no_flag_on_the_deadline_day_and_one_from_the_midnight_after(facility, officer):
    with time_machine.travel(datetime(2021, 3, 2, 9, 0, tzinfo=VN), tick=False):
        corrective_request(facility, officer, deadline=DEADLINE)
    scan_at(datetime(2021, 3, 10, 23, 59, tzinfo=VN))
    assert not request_flags(facility).exists()
    scan_at(PASSED + days(2))
    flag = request_flags(facility).get()
    assert flag.is_open and flag.opened_at == PASSED
    assert FlagKind.REQUEST_OVERDUE.label == "Quá hạn khắc phục"


def test_the_flag_dates_from_the_earliest_overdue_deadline(facility, officer):
    with time_machine.travel(datetime(2021, 3, 2, 9, 0, tzinfo=VN), tick=False):
        corrective_request(facility, officer, deadline=date(2021, 3, 12))
        corrective_request(facility, officer, deadline=DEADLINE)
    scan_at(PASSED + days(5))
    assert request_flags(facility).get().opened_at == PASSED


def test_answering_closes_the_flag_and_sending_back_past_the_deadline_opens_a_new_one(facility, officer):
    with time_machine.travel(datetime(2021, 3, 2, 9, 0, tzinfo=VN), tick=False):
        corrective = corrective_request(facility, officer, deadline=DEADLINE)
    scan_at(PASSED + days(1))
    with time_machine.travel(PASSED + days(2), tick=False):
        answered(corrective)
    closed_at = (
        PASSED
        + days(
            2,
        )
        + days(0.5)
    )
    scan_at(closed_at)
    flag = request_flags(facility).get()
    assert not flag.is_open and flag.closed_at == closed_at
    with time_machine.travel(PASSED + days(3), tick=False):
        request_return(request=corrective, by=officer, reason="Chưa đạt")
    scan_at(PASSED + days(4))
    assert request_flags(facility).count() == 2
    assert request_flags(facility).open().get().opened_at == PASSED  # the same deadline


def test_a_new_deadline_on_sending_back_keeps_the_facility_out_of_the_flag(facility, officer):
    with time_machine.travel(datetime(2021, 3, 2, 9, 0, tzinfo=VN), tick=False):
        corrective = corrective_request(facility, officer, deadline=DEADLINE)
    with time_machine.travel(datetime(2021, 3, 9, 9, 0, tzinfo=VN), tick=False):
        answered(corrective)
        request_return(request=corrective, by=officer, reason="Chưa đạt", deadline=date(2021, 3, 20))
    scan_at(PASSED + days(2))
    assert not request_flags(facility).exists()


def test_answered_and_accepted_requests_are_never_overdue(facility, officer):
    with time_machine.travel(datetime(2021, 3, 2, 9, 0, tzinfo=VN), tick=False):
        waiting = answered(corrective_request(facility, officer, deadline=DEADLINE))
        done = answered(corrective_request(facility, officer, deadline=DEADLINE))
        request_accept(request=done, by=officer)
    scan_at(PASSED + days(3))
    assert waiting.status == "answered"
    assert not request_flags(facility).exists()


def test_an_overdue_request_counts_toward_escalation_and_says_why(commune_a, officer):
    later = PASSED + days(settings.ESCALATION_DAYS + 1)
    # Signed again just before: neither overdue nor unsafe, only the request is late.
    facility = facility_signed_at(Level.GREEN, signed_at=later - days(1), unit=commune_a)
    with time_machine.travel(datetime(2021, 3, 2, 9, 0, tzinfo=VN), tick=False):
        corrective_request(facility, officer, deadline=DEADLINE)
    scan_at(later)
    assert list(escalated_facilities(Facility.objects.all(), later)) == [facility]
    facility.refresh_from_db()
    with time_machine.travel(later, tick=False):
        assert suspension_reason(facility, later) == "Quá hạn khắc phục"


def test_a_deactivated_facility_has_its_request_flag_closed(facility, officer):
    with time_machine.travel(datetime(2021, 3, 2, 9, 0, tzinfo=VN), tick=False):
        corrective_request(facility, officer, deadline=DEADLINE)
    scan_at(PASSED + days(1))
    Facility.objects.filter(pk=facility.pk).update(is_active=False)
    scan_at(PASSED + days(2))
    assert not request_flags(facility).open().exists()


def test_the_number_of_queries_does_not_grow_with_overdue_requests(commune_a, commune_b, officer):
    def scan_queries(n):
        Flag.objects.all().delete()
        with time_machine.travel(datetime(2021, 3, 2, 9, 0, tzinfo=VN), tick=False):
            for i in range(n):
                f = facility_signed_at(Level.GREEN, unit=commune_a if i % 2 else commune_b)
                corrective_request(f, officer, deadline=DEADLINE)
        with time_machine.travel(PASSED + days(1), tick=False), CaptureQueriesContext(connection) as queries:
            result = flags_scan()
        assert result.opened >= n
        return len(queries)

    assert scan_queries(2) == scan_queries(20)


def test_the_deadline_end_is_midnight_in_vietnam_whatever_the_active_time_zone(facility, officer):
    with timezone.override("UTC"), time_machine.travel(datetime(2021, 3, 2, 9, 0, tzinfo=VN), tick=False):
        corrective = corrective_request(facility, officer, deadline=DEADLINE)
    assert corrective.due_at == datetime.combine(date(2021, 3, 11), time(), tzinfo=VN)


def test_answering_queues_a_scan_of_that_facility_which_closes_its_flag(
    facility, officer, monkeypatch, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime(2021, 3, 2, 9, 0, tzinfo=VN), tick=False):
        corrective = corrective_request(facility, officer, deadline=DEADLINE)
    scan_at(PASSED + days(1))
    asked = []
    monkeypatch.setattr("reports.tasks._send_scan", asked.append)
    with (
        time_machine.travel(PASSED + days(2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        answered(corrective)
    assert asked == [[facility.pk]]
    with time_machine.travel(PASSED + days(2), tick=False):
        flags_scan(facility_ids=asked[0])
    assert not request_flags(facility).open().exists()
