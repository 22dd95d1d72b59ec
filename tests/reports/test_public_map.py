"""The public map answers from public fields and the public colour only; its search lists the
matching facilities; its Địa bàn menu lists provinces and fetches communes on demand."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Level
from accounts.models import Facility
from reports.public import RESULTS_SHOWN
from tests.factories import FacilityFactory, UnitFactory
from tests.factories.reports import never_assessed_facility, officer, overdue_facility, signed_facility
from tests.reports.test_map_data import decode

pytestmark = pytest.mark.django_db
MAP_DATA = reverse("reports:map_data")
SEARCH = reverse("reports:public_search")


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


def map_ids(client, url=MAP_DATA, **params):
    return {row[0] for row in decode(client.get(url, params))[1]}


def test_tax_code_prefix_finds_nothing_on_the_public_map(client, commune_a):
    FacilityFactory(unit=commune_a, name="Công ty May Tây Bắc", tax_code="5600123456")
    assert map_ids(client, q="5600") == set()
    assert map_ids(client, q="5600123456") == set()
    assert client.get(SEARCH, {"q": "5600"}).json() == {"n": 0, "results": []}


def test_officers_still_find_a_facility_by_tax_code(client, commune_a):
    facility = FacilityFactory(unit=commune_a, name="Công ty May Tây Bắc", tax_code="5600123456")
    client.force_login(officer(commune_a))
    assert map_ids(client, reverse("reports:officer_map_data"), q="5600") == {facility.pk}
    found = client.get(reverse("reports:officer_search"), {"q": "5600"}).json()
    assert [r["id"] for r in found["results"]] == [facility.pk]


def test_public_search_matches_the_name_without_diacritics_and_the_address(client, commune_a):
    market = FacilityFactory(unit=commune_a, name="Chợ Điện Biên", address="Phường Thanh Bình")
    shop = FacilityFactory(unit=commune_a, name="Quán ăn Hương Rừng", address="Số 5, phố Him Lam")
    FacilityFactory(unit=commune_a, name="Công ty May", address="Số 9, đường Võ Nguyên Giáp")
    assert map_ids(client, q="cho dien bien") == {market.pk}
    assert map_ids(client, q="quan an") == {shop.pk}
    assert map_ids(client, q="Him Lam") == {shop.pk}
    assert map_ids(client, q="quán him") == {shop.pk}


def test_public_unsafe_filter_follows_the_colour_the_public_sees(client, commune_a):
    """Whatever the colour rule, "unsafe" on the public map is exactly the red dots."""
    facilities = [
        signed_facility(Level.RED, unit=commune_a),
        overdue_facility(level=Level.RED, unit=commune_a),
        overdue_facility(level=Level.GREEN, unit=commune_a),
        signed_facility(Level.YELLOW, unit=commune_a),
    ]
    shown_red = {row[0] for row in decode(client.get(MAP_DATA))[1] if row[3] == "r"}
    assert shown_red == {
        f.pk for f in Facility.objects.filter(pk__in=[f.pk for f in facilities]) if f.colour() == "red"
    }
    assert map_ids(client, state="unsafe") == shown_red


def test_search_lists_name_address_colour_and_last_assessment_only(client, commune_a):
    facility = signed_facility(
        Level.YELLOW,
        unit=commune_a,
        name="Chợ Điện Biên",
        address="Phường Thanh Bình",
        tax_code="5600123456",
        contact_phone="0912345678",
        latitude=21.38612,
        longitude=103.01734,
    )
    data = client.get(SEARCH, {"q": "cho dien bien"}).json()
    assert data["n"] == 1
    [row] = data["results"]
    assert row == {
        "id": facility.pk,
        "name": "Chợ Điện Biên",
        "address": "Phường Thanh Bình",
        "colour": "yellow",
        "level": "Vàng — Có rủi ro",
        "last_assessed": timezone.localtime(facility.last_signed_at).strftime("%d/%m/%Y"),
        "lat": 21.38612,
        "lng": 103.01734,
    }


def test_search_list_follows_the_other_filters_and_skips_facilities_off_the_map(client, commune_a, commune_b):
    here = FacilityFactory(unit=commune_a, name="Chợ Mường Thanh")
    FacilityFactory(unit=commune_b, name="Chợ Mường Phăng")
    FacilityFactory(unit=commune_a, name="Chợ không vị trí", latitude=None, longitude=None)
    data = client.get(SEARCH, {"q": "cho", "unit": commune_a.parent_id, "commune": commune_a.pk}).json()
    assert [r["id"] for r in data["results"]] == [here.pk]


def test_search_list_is_capped_but_counts_every_match(client, commune_a):
    for i in range(RESULTS_SHOWN + 5):
        FacilityFactory(unit=commune_a, name=f"Quán ăn số {i}")
    data = client.get(SEARCH, {"q": "quan an"}).json()
    assert data["n"] == RESULTS_SHOWN + 5
    assert len(data["results"]) == RESULTS_SHOWN


def test_no_search_no_list(client, commune_a):
    FacilityFactory(unit=commune_a)
    assert client.get(SEARCH).json() == {"n": 0, "results": []}


@pytest.fixture
def many_communes(province, other_province):
    return [UnitFactory(name=f"Xã Nhiều Thứ {i}", parent=province) for i in range(300)]


def test_unit_menu_lists_provinces_not_their_communes(client, many_communes, other_province):
    html = client.get(reverse("reports:public_map")).content.decode()
    menu = re.search(r'<select name="unit".*?</select>', html, re.S).group(0)
    assert "Điện Biên" in menu and "Lai Châu" in menu
    assert "Xã Nhiều Thứ" not in html
    assert len(menu.encode()) < 1000
    assert len(html.encode()) < 20_000


def test_communes_of_a_province_come_on_demand_and_may_be_cached(client, province, many_communes):
    response = client.get(reverse("reports:public_units", args=[province.pk]))
    names = [name for _pk, name in response.json()["units"]]
    assert len(names) == 300 and "Xã Nhiều Thứ 7" in names
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    # A commune is not a province: the menu never asks for its children.
    assert client.get(reverse("reports:public_units", args=[many_communes[0].pk])).status_code == 404


def test_a_chosen_province_shows_its_communes_in_the_page(client, province, commune_a, commune_b):
    html = client.get(reverse("reports:public_map"), {"unit": province.pk}).content.decode()
    menu = re.search(r'<select name="commune".*?</select>', html, re.S).group(0)
    assert commune_a.name in menu and commune_b.name in menu


def test_a_chosen_commune_narrows_the_map(client, province, commune_a, commune_b, other_province):
    a = FacilityFactory(unit=commune_a)
    FacilityFactory(unit=commune_b)
    elsewhere = FacilityFactory(unit=UnitFactory(name="Xã Bản Lang", parent=other_province))
    assert map_ids(client, unit=province.pk, commune=commune_a.pk) == {a.pk}
    # A commune left over from the province chosen before does not empty the map.
    assert map_ids(client, unit=other_province.pk, commune=commune_a.pk) == {elsewhere.pk}
    assert len(map_ids(client, unit=province.pk, commune="")) == 2


def test_public_never_assessed_filter_does_not_tell_who_has_an_account(client, commune_a):
    with_account = never_assessed_facility(unit=commune_a)
    without_account = FacilityFactory(unit=commune_a)
    signed_facility(Level.GREEN, unit=commune_a)
    assert map_ids(client, state="never") == {with_account.pk, without_account.pk}


def test_a_link_naming_a_commune_as_unit_shows_it_under_its_province(client, province, commune_a, commune_b):
    a = FacilityFactory(unit=commune_a)
    FacilityFactory(unit=commune_b)
    html = client.get(reverse("reports:public_map"), {"unit": commune_a.pk}).content.decode()
    assert f'<option value="{province.pk}" selected>' in html
    assert f'<option value="{commune_a.pk}" selected>' in html
    assert map_ids(client, unit=commune_a.pk) == {a.pk}
