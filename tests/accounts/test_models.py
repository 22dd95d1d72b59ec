from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.choices import Level, MapColour
from accounts.models import Facility
from tests.factories import FacilityFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_unit_path_makes_subtree_queries(province, commune_a):
    assert commune_a.path == "/cur/11/03127/"
    assert list(province.subtree()) == [province, commune_a]
    assert list(commune_a.ancestors()) == [province, commune_a]


def test_tax_code_keeps_leading_zeros(commune_a):
    facility = FacilityFactory(unit=commune_a, tax_code="0101234567")
    facility.refresh_from_db()
    assert facility.tax_code == "0101234567"


def test_search_ignores_diacritics_and_case(commune_a):
    FacilityFactory(unit=commune_a, name="Chợ Điện Biên")
    FacilityFactory(unit=commune_a, name="Siêu thị Mường Thanh")
    assert [f.name for f in Facility.objects.search("cho dien bien")] == ["Chợ Điện Biên"]
    assert [f.name for f in Facility.objects.search("MUONG thanh")] == ["Siêu thị Mường Thanh"]


def test_issuing_an_account_starts_the_first_period(facility_a):
    now = timezone.now()
    facility_a.issue_account(UserFactory(), when=now)
    assert facility_a.due_at == now + timedelta(days=14)
    assert facility_a.colour() == MapColour.GREY


def test_stale_green_is_shown_grey(facility_a):
    signed = timezone.now() - timedelta(days=17)
    facility_a.record_signed(Level.GREEN, signed)
    assert facility_a.is_overdue()
    assert facility_a.colour() == MapColour.GREY
    annotated = Facility.objects.with_colour().get(pk=facility_a.pk)
    assert annotated.map_colour == MapColour.GREY


def test_recent_green_is_green_in_python_and_sql(facility_a):
    facility_a.record_signed(Level.GREEN, timezone.now() - timedelta(days=3))
    assert facility_a.colour() == MapColour.GREEN
    assert Facility.objects.with_colour().get(pk=facility_a.pk).map_colour == MapColour.GREEN
    assert facility_a.days_left() == 11


def test_coordinates_outside_vietnam_are_rejected(commune_a):
    from django.core.exceptions import ValidationError

    facility = FacilityFactory.build(unit=commune_a, latitude=48.85, longitude=2.35)
    with pytest.raises(ValidationError) as e:
        facility.full_clean()
    assert "latitude" in e.value.message_dict and "longitude" in e.value.message_dict


def test_facility_is_told_to_call_the_offices_of_its_sector_above_it(province, commune_a, commune_b):
    from accounts.choices import Sector
    from tests.factories import OfficeFactory

    department = OfficeFactory(unit=province, name="Sở Công Thương", kind="department")
    trade = OfficeFactory(unit=province, name="Phòng Quản lý thương mại", sectors=[Sector.TRADE])
    OfficeFactory(unit=province, name="Phòng Quản lý công nghiệp", sectors=[Sector.INDUSTRY])
    local = OfficeFactory(unit=commune_a, name="Phòng Kinh tế phường", kind="local")
    OfficeFactory(unit=commune_b, name="Phòng Kinh tế xã khác", kind="local")
    market = FacilityFactory(unit=commune_a, sector=Sector.TRADE)
    assert market.contacts() == [local, trade, department]


# The rules of a facility's state, in Python and in SQL, must agree on every case.
# (level, due date relative to now, has account, signed before)
NOW = timezone.make_aware(timezone.datetime(2026, 3, 10, 0, 30))  # 00:30 in Hà Nội
STATE_CASES = [
    (level, due, issued)
    for level in (Level.NONE, Level.GREEN, Level.YELLOW, Level.RED)
    for due in (
        None,
        timedelta(days=5),
        timedelta(hours=1),
        timedelta(hours=-1),  # 23:30 yesterday, local: one whole day overdue
        timedelta(days=-2, hours=1),  # inside the grace
        timedelta(days=-3),
        timedelta(days=-76),
    )
    for issued in (True, False)
    if not (level != Level.NONE and not issued)
]


def _facility_in(commune, level, due, issued):
    facility = FacilityFactory(unit=commune, level=level, due_at=NOW + due if due is not None else None)
    if issued:
        facility.user = UserFactory()
        facility.account_issued_at = NOW - timedelta(days=90)
    if level != Level.NONE:
        facility.last_signed_at = NOW - timedelta(days=20)
    facility.save()
    return facility


def test_colour_overdue_days_overdue_unsafe_and_never_agree_in_python_and_sql(commune_a):
    made = [_facility_in(commune_a, *case) for case in STATE_CASES]
    rows = Facility.objects.with_colour(NOW).with_days_overdue(NOW).in_bulk([f.pk for f in made])
    overdue = set(Facility.objects.overdue(NOW).values_list("pk", flat=True))
    unsafe = set(Facility.objects.unsafe().values_list("pk", flat=True))
    never = set(Facility.objects.never_assessed().values_list("pk", flat=True))
    past_due = set(Facility.objects.past_due(NOW).values_list("pk", flat=True))
    for facility, case in zip(made, STATE_CASES, strict=True):
        facility = Facility.objects.get(pk=facility.pk)
        row = rows[facility.pk]
        sql_days = row.overdue_for.days if row.overdue_for is not None else None
        assert (facility.colour(NOW), facility.days_overdue(NOW)) == (row.map_colour, sql_days), case
        assert facility.is_overdue(NOW) == (facility.pk in overdue), case
        assert facility.is_unsafe == (facility.pk in unsafe), case
        assert facility.is_never_assessed == (facility.pk in never), case
        assert facility.is_past_due(NOW) == (facility.pk in past_due), case


def test_a_stale_red_stays_red_and_is_overdue_while_a_stale_yellow_turns_grey(commune_a):
    red = _facility_in(commune_a, Level.RED, timedelta(days=-30), True)
    yellow = _facility_in(commune_a, Level.YELLOW, timedelta(days=-30), True)
    assert (red.colour(NOW), red.is_overdue(NOW)) == (MapColour.RED, True)
    assert yellow.colour(NOW) == MapColour.GREY
    colours = dict(Facility.objects.with_colour(NOW).values_list("pk", "map_colour"))
    assert colours == {red.pk: MapColour.RED, yellow.pk: MapColour.GREY}


def test_days_overdue_counts_whole_days_from_the_due_date_not_from_the_grace(commune_a):
    late = _facility_in(commune_a, Level.GREEN, timedelta(days=-76), True)
    assert late.days_overdue(NOW) == 76
    row = Facility.objects.with_days_overdue(NOW).get(pk=late.pk)
    assert row.overdue_for.days == 76 == row.days_overdue(NOW)
    just_passed = _facility_in(commune_a, Level.GREEN, timedelta(hours=-1), True)
    assert just_passed.days_overdue(NOW) == 1 and not just_passed.is_overdue(NOW)
