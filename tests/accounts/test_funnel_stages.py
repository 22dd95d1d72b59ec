"""The funnel's stages: each facility is at exactly one, the same in SQL and in Python."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.choices import FunnelStage
from accounts.models import Facility, funnel_stage_q
from accounts.models.facilities import FUNNEL_FIELDS
from tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_combination(commune_a):
    """One facility for each combination of funnel dates set and empty (gaps included: data
    backfilled from before the dates existed has them)."""
    now = timezone.now()
    facilities = []
    for present in itertools.product([False, True], repeat=len(FUNNEL_FIELDS)):
        dates = {
            field: now - timedelta(days=30 - 3 * i) if on else None
            for i, (field, on) in enumerate(zip(FUNNEL_FIELDS, present, strict=True))
        }
        facilities.append(FacilityFactory(unit=commune_a, **dates))
    return facilities


def test_every_facility_is_at_exactly_one_stage_and_sql_agrees_with_python(every_combination):
    stage_of = dict(Facility.objects.with_stage().values_list("pk", "stage"))
    for facility in every_combination:
        matching = [
            s
            for s in FunnelStage.values
            if Facility.objects.filter(funnel_stage_q(s), pk=facility.pk).exists()
        ]
        assert matching == [facility.funnel_stage()] == [stage_of[facility.pk]]


def test_since_is_the_date_the_current_stage_was_entered(every_combination):
    since = dict(Facility.objects.with_stage().values_list("pk", "stage_since"))
    for facility in every_combination:
        assert since[facility.pk] == facility.funnel_since()


def test_the_furthest_step_wins_over_a_missing_earlier_one(commune_a):
    signed_without_login = FacilityFactory(unit=commune_a, first_signed_at=timezone.now())
    assert signed_without_login.funnel_stage() == FunnelStage.SIGNED
    assert FacilityFactory(unit=commune_a).funnel_stage() == FunnelStage.NOT_ISSUED


def test_a_login_means_the_letter_arrived_however_it_travelled(commune_a):
    issued = timezone.now() - timedelta(days=5)
    waiting = FacilityFactory(unit=commune_a, account_issued_at=issued)
    logged_in = FacilityFactory(unit=commune_a, account_issued_at=issued, first_login_at=timezone.now())
    assert waiting.funnel_stage_label() == "Chưa nhận thư"
    assert logged_in.funnel_stage_label() == "Đã đăng nhập, chưa đổi mật khẩu"
