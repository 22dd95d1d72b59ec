"""Reports remember their facility's previous report (assessments.report_links), which is how
the dashboard counts each facility once per period; these are the figures an officer reads."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.choices import Role
from accounts.models import period
from assessments.models import Assessment
from checklists.models import Template
from reports.dashboard import dashboard_context
from tests.factories import FacilityFactory, UserFactory
from tests.factories.reports import officer, signature_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility(commune_a):
    facility = FacilityFactory(unit=commune_a)
    facility.issue_account(UserFactory(role=Role.FACILITY), when=timezone.now() - 8 * period())
    return facility


def current(province):
    (rate,) = dashboard_context(officer(province, role=Role.PROVINCE), timezone.now())["rates"]
    return rate.expected, rate.reported, rate.on_time


def test_links_follow_the_signing_order_whatever_order_the_rows_were_written(facility):
    now = timezone.now()
    newest = signature_row(facility, now - timedelta(days=1))
    oldest = signature_row(facility, now - timedelta(days=30), on_time=True)
    middle = signature_row(facility, now - timedelta(days=10), on_time=False)
    rows = {a.pk: a for a in Assessment.objects.filter(facility=facility)}
    assert rows[oldest.pk].previous_report_at is None
    assert rows[middle.pk].previous_report_at == oldest.signed_at
    assert rows[newest.pk].previous_report_at == middle.signed_at
    # The last on-time report before the newest is the oldest: the middle one was late.
    assert rows[newest.pk].previous_on_time_report_at == oldest.signed_at


def test_a_facility_signing_late_then_on_time_in_one_period_is_one_report_on_time(facility, province):
    now = timezone.now()
    signature_row(facility, now - timedelta(days=2), on_time=True)
    signature_row(facility, now - timedelta(days=5), on_time=False)
    signature_row(facility, now - timedelta(days=20), on_time=True)  # the period before
    assert current(province) == (1, 1, 1)


def test_a_checklist_made_optional_stops_counting_and_the_other_reports_count_again(
    facility, province, django_capture_on_commit_callbacks
):
    now = timezone.now()
    signature_row(facility, now - timedelta(days=9), slug="bo-cu")
    signature_row(facility, now - timedelta(days=3), on_time=False, slug="bang-thu")
    assert current(province) == (1, 1, 1)

    with django_capture_on_commit_callbacks(execute=True):
        old = Template.objects.get(slug="bo-cu")
        old.required = False
        old.save()

    # Only the late report of the checklist still required counts now.
    assert current(province) == (1, 1, 0)
