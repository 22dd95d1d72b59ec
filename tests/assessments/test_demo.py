import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Facility, User
from assessments.models import Assessment
from reports.dashboard import dashboard_context

pytestmark = pytest.mark.django_db


def test_demo_gives_facilities_signed_assessments_whose_latest_matches_their_level(capsys):
    call_command("seed_demo")
    signed = list(Assessment.objects.signed().select_related("facility").order_by("facility", "-signed_at"))
    assert len(signed) >= 40
    latest, latest_self = {}, {}
    for a in signed:
        latest.setdefault(a.facility_id, a)
        if not a.is_inspection:
            latest_self.setdefault(a.facility_id, a)
    # The level is the latest signature's, an on-site inspection's included (the demo has one);
    # the last self-assessment sets last_signed_at.
    assert all(a.level == a.facility.level for a in latest.values())
    assert all(a.signed_at == a.facility.last_signed_at for a in latest_self.values())
    assert all(a.digest_matches() and a.signed_at >= a.facility.account_issued_at for a in signed)
    demo = Facility.objects.get(user__username="coso.demo")
    assert demo.assessments.signed().exists() and demo.level
    before = Assessment.objects.count()  # with the funnel's few drafts
    call_command("seed_demo")
    assert Assessment.objects.count() == before


def test_demo_dashboard_shows_a_trend_over_past_periods_with_some_late_reports(capsys):
    call_command("seed_demo")
    trend = dashboard_context(User.objects.get(username="so.dienbien"), timezone.now())["trend"]
    reported = [r.reported for r in trend]
    assert sum(1 for n in reported[:-1] if n) >= 3, reported
    assert any(r.on_time < r.reported for r in trend)
