import gzip
import json
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Level, Role, Sector
from reports import mapdata
from tests.factories import FacilityFactory, UserFactory
from tests.factories.reports import never_assessed_facility, officer, overdue_facility, signed_facility

pytestmark = pytest.mark.django_db
URL = reverse("reports:map_data")


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


def decode(response):
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    data = json.loads(body)
    out, fid, y, x = [], 0, 0, 0
    for i in range(data["n"]):
        fid += data["id"][i]
        y += data["lat"][i]
        x += data["lng"][i]
        out.append((fid, y / data["scale"], x / data["scale"], "gyrx"[int(data["c"][i])]))
    return data, out


def test_public_map_data_holds_only_position_and_colour(client, commune_a):
    FacilityFactory(unit=commune_a, contact_phone="0912345678", contact_name="Lò Văn An")
    data, _rows = decode(client.get(URL))
    assert set(data) == {"v", "scale", "n", "id", "lat", "lng", "c"}
    assert "0912345678" not in json.dumps(data) and "Lò Văn An" not in json.dumps(data)


def test_map_data_decodes_to_each_facility_position_and_colour(client, commune_a):
    green = signed_facility(Level.GREEN, unit=commune_a, latitude=21.38612, longitude=103.01734)
    red = signed_facility(Level.RED, unit=commune_a, latitude=21.5, longitude=103.2)
    stale = overdue_facility(unit=commune_a, latitude=21.1, longitude=103.0)
    new = never_assessed_facility(unit=commune_a, latitude=21.2, longitude=103.1)
    _data, rows = decode(client.get(URL))
    assert sorted(rows) == sorted(
        [
            (green.pk, 21.38612, 103.01734, "g"),
            (red.pk, 21.5, 103.2, "r"),
            (stale.pk, 21.1, 103.0, "x"),
            (new.pk, 21.2, 103.1, "x"),
        ]
    )


def test_facilities_without_location_or_inactive_are_not_on_the_map(client, commune_a):
    shown = FacilityFactory(unit=commune_a)
    FacilityFactory(unit=commune_a, latitude=None, longitude=None)
    FacilityFactory(unit=commune_a, is_active=False)
    _data, rows = decode(client.get(URL))
    assert [r[0] for r in rows] == [shown.pk]


def test_map_data_is_gzipped_for_browsers_that_accept_it(client, commune_a):
    FacilityFactory(unit=commune_a)
    response = client.get(URL, headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    plain = client.get(URL)
    assert not plain.has_header("Content-Encoding")
    assert decode(response)[1] == decode(plain)[1]


def test_unchanged_map_data_answers_not_modified(client, commune_a):
    FacilityFactory(unit=commune_a)
    first = client.get(URL)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(URL, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert client.get(URL, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304


def test_signing_changes_the_etag(client, commune_a):
    facility = FacilityFactory(unit=commune_a)
    first = client.get(URL)
    facility.record_signed(Level.RED, timezone.now())
    again = client.get(URL, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert decode(again)[1][0][3] == "r"


def test_a_facility_turning_grey_with_time_changes_the_etag(client, commune_a):
    signed_facility(Level.GREEN, days_ago=1, unit=commune_a)
    first = client.get(URL)
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        later = client.get(
            URL, headers={"if-none-match": first["ETag"], "if-modified-since": first["Last-Modified"]}
        )
    assert later.status_code == 200
    assert decode(later)[1][0][3] == "x"


def test_search_without_diacritics_narrows_the_map(client, commune_a):
    market = FacilityFactory(unit=commune_a, name="Chợ Điện Biên")
    FacilityFactory(unit=commune_a, name="Công ty May Tây Bắc")
    _data, rows = decode(client.get(URL, {"q": "cho dien bien"}))
    assert [r[0] for r in rows] == [market.pk]


def test_map_filters_by_unit_sector_type_colour_and_overdue(client, province, commune_a, commune_b):
    a = signed_facility(Level.GREEN, unit=commune_a, sector=Sector.TRADE, facility_type="market")
    b = signed_facility(Level.RED, unit=commune_b)
    late = overdue_facility(unit=commune_b)

    def ids(**params):
        return {r[0] for r in decode(client.get(URL, params))[1]}

    assert ids(unit=commune_a.pk) == {a.pk}
    assert ids(unit=province.pk) == {a.pk, b.pk, late.pk}
    assert ids(sector=Sector.TRADE) == {a.pk}
    assert ids(type="market") == {a.pk}
    assert ids(colour="red") == {b.pk}
    assert ids(state="overdue") == {late.pk}


def test_map_data_is_built_in_one_query(commune_a):
    for _ in range(5):
        FacilityFactory(unit=commune_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Facility

    with CaptureQueriesContext(connection) as queries:
        mapdata.build(mapdata.located(Facility.objects.with_colour()))
    assert len(queries) == 1


def test_public_popup_shows_name_address_level_and_date_only(client, commune_a):
    facility = signed_facility(
        Level.YELLOW, unit=commune_a, contact_phone="0912345678", address="Số 5, phố Him Lam"
    )
    data = client.get(reverse("reports:public_popup", args=[facility.pk])).json()
    assert set(data) == {"name", "address", "colour", "level", "last_assessed", "inspected"}
    assert data["inspected"] is None
    assert data["address"] == "Số 5, phố Him Lam"
    assert data["colour"] == "yellow"
    assert data["last_assessed"] == timezone.localtime(facility.last_signed_at).strftime("%d/%m/%Y")


def test_public_popup_of_inactive_facility_is_not_found(client, commune_a):
    facility = FacilityFactory(unit=commune_a, is_active=False)
    assert client.get(reverse("reports:public_popup", args=[facility.pk])).status_code == 404


def test_officer_map_data_holds_only_facilities_in_scope(client, commune_a, commune_b):
    mine = FacilityFactory(unit=commune_a)
    FacilityFactory(unit=commune_b)
    client.force_login(officer(commune_a))
    response = client.get(reverse("reports:officer_map_data"))
    assert [r[0] for r in decode(response)[1]] == [mine.pk]
    assert "private" in response["Cache-Control"]


def test_officer_popup_has_private_details_and_a_link_but_not_outside_scope(client, commune_a, commune_b):
    mine = FacilityFactory(unit=commune_a, contact_phone="0912345678")
    other = FacilityFactory(unit=commune_b)
    client.force_login(officer(commune_a))
    data = client.get(reverse("reports:officer_popup", args=[mine.pk])).json()
    assert data["contact_phone"] == "0912345678"
    assert data["url"] == reverse("reports:facility_detail", args=[mine.pk])
    assert client.get(reverse("reports:officer_popup", args=[other.pk])).status_code == 404


def test_officer_map_data_is_not_for_the_public_or_facilities(client, commune_a, facility_user):
    assert client.get(reverse("reports:officer_map_data")).status_code == 302
    client.force_login(facility_user)
    assert client.get(reverse("reports:officer_map_data")).status_code == 404


def test_two_officers_do_not_share_cached_map_data(client, commune_a, commune_b):
    FacilityFactory(unit=commune_a)
    b = FacilityFactory(unit=commune_b)
    client.force_login(officer(commune_a))
    client.get(reverse("reports:officer_map_data"))
    client.force_login(UserFactory(role=Role.LOCAL_OFFICE, unit=commune_b))
    assert [r[0] for r in decode(client.get(reverse("reports:officer_map_data")))[1]] == [b.pk]


def test_map_data_is_served_while_the_cache_server_is_down(client, commune_a, settings):
    # A real Redis client against a port nothing listens on: connection refused, as when Redis stops.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    green = signed_facility(Level.GREEN, unit=commune_a, latitude=21.38612, longitude=103.01734)
    response = client.get(URL)
    assert response.status_code == 200
    assert decode(response)[1] == [(green.pk, 21.38612, 103.01734, "g")]


def test_a_red_facility_that_stops_assessing_stays_red_on_the_public_map(client, commune_a):
    stale_red = overdue_facility(
        level=Level.RED, days_late=30, unit=commune_a, latitude=21.3, longitude=103.0
    )
    stale_yellow = overdue_facility(level=Level.YELLOW, unit=commune_a, latitude=21.4, longitude=103.0)
    _data, rows = decode(client.get(URL))
    assert {r[0]: r[3] for r in rows} == {stale_red.pk: "r", stale_yellow.pk: "x"}
    assert {r[0] for r in decode(client.get(URL, {"colour": "red"}))[1]} == {stale_red.pk}
    assert {r[0] for r in decode(client.get(URL, {"state": "overdue"}))[1]} == {stale_red.pk, stale_yellow.pk}
    popup = client.get(reverse("reports:public_popup", args=[stale_red.pk])).json()
    assert popup["colour"] == "red"


def test_both_popups_say_when_the_facility_was_inspected_on_site(client, commune_a):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    facility = signed_facility(Level.GREEN, unit=commune_a)
    # 17:30 UTC on 4 March is 00:30 on 5 March in Điện Biên: the date is the local one.
    facility.record_inspected(Level.YELLOW, datetime(2021, 3, 4, 17, 30, tzinfo=ZoneInfo("UTC")))
    public = client.get(reverse("reports:public_popup", args=[facility.pk])).json()
    assert public["inspected"] == "Đã kiểm tra thực tế ngày 05/03/2021"
    client.force_login(officer(commune_a))
    private = client.get(reverse("reports:officer_popup", args=[facility.pk])).json()
    assert private["inspected"] == "Đã kiểm tra thực tế ngày 05/03/2021"
