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
    assert annotated.colour == MapColour.GREY


def test_recent_green_is_green_in_python_and_sql(facility_a):
    facility_a.record_signed(Level.GREEN, timezone.now() - timedelta(days=3))
    assert facility_a.colour() == MapColour.GREEN
    assert Facility.objects.with_colour().get(pk=facility_a.pk).colour == MapColour.GREEN
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
