import time_machine

from accounts.models import Facility, grace, period
from reports.flags import escalated_facility_ids, flags_scan
from tests.factories.flags import T0, days, facility_signed_at

OVERDUE_FROM = T0 + period() + grace()


def test_facilities_flagged_longer_than_the_escalation_period_are_proposed(commune_a, settings):
    settings.ESCALATION_DAYS = 14
    long_overdue = facility_signed_at(unit=commune_a)
    recently_overdue = facility_signed_at(unit=commune_a, signed_at=T0 + days(10))
    fixed = facility_signed_at(unit=commune_a)
    with time_machine.travel(OVERDUE_FROM + days(1), tick=False):
        flags_scan()
    fixed.record_signed("green", OVERDUE_FROM + days(2))

    with time_machine.travel(OVERDUE_FROM + days(15), tick=False):
        flags_scan()
        ids = set(escalated_facility_ids(Facility.objects.all()))

    assert long_overdue.pk in ids
    assert recently_overdue.pk not in ids
    assert fixed.pk not in ids


def test_escalation_is_limited_to_the_facilities_given(commune_a, commune_b):
    in_a = facility_signed_at(unit=commune_a)
    facility_signed_at(unit=commune_b)
    with time_machine.travel(OVERDUE_FROM + days(30), tick=False):
        flags_scan()
        ids = list(escalated_facility_ids(Facility.objects.filter(unit=commune_a)))
    assert ids == [in_a.pk]
