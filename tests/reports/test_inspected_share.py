"""inspected_share: per sub-unit, how many facilities were verified on site (a signed Kiểm
tra thực tế) in the last 90 days, of how many."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import Level
from accounts.models import Facility
from reports.dashboard import inspected_share
from tests.factories import FacilityFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_share_counts_facilities_inspected_in_the_last_90_days_per_sub_unit(province, commune_a, commune_b):
    now = timezone.now()
    recent, old, never = (FacilityFactory(unit=commune_a) for _ in range(3))
    recent.record_inspected(Level.GREEN, now - timedelta(days=89))
    old.record_inspected(Level.GREEN, now - timedelta(days=91))
    FacilityFactory(unit=commune_b).record_inspected(Level.RED, now - timedelta(days=1))
    FacilityFactory(unit=commune_b)
    FacilityFactory(unit=commune_b).record_inspected(Level.RED, now + timedelta(days=1))  # not yet

    share = inspected_share(Facility.objects.all(), province.depth + 1, now)

    assert share == {commune_a.path: (1, 3), commune_b.path: (1, 3)}


def test_share_groups_deeper_units_under_their_sub_unit(province, commune_a):
    now = timezone.now()
    village = UnitFactory(code="03127-1", name="Tổ 1", kind="commune", parent=commune_a)
    FacilityFactory(unit=village).record_inspected(Level.GREEN, now)
    FacilityFactory(unit=commune_a)

    assert inspected_share(Facility.objects.all(), province.depth, now) == {province.path: (1, 2)}
    assert inspected_share(Facility.objects.all(), province.depth + 1, now) == {commune_a.path: (1, 2)}


def test_share_is_one_query_however_many_facilities(province, commune_a, commune_b):
    def queries(n):
        for i in range(n):
            FacilityFactory(unit=commune_a if i % 2 else commune_b)
        with CaptureQueriesContext(connection) as captured:
            inspected_share(Facility.objects.all(), province.depth + 1, timezone.now())
        return len(captured)

    assert queries(2) == queries(10) == 1
