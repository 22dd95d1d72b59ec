import pytest
from django.urls import reverse

from accounts.choices import Level, Role, Sector
from tests.factories import FacilityFactory, issued_facility
from tests.factories.assessments import make_template, signed_assessment
from tests.factories.reports import never_assessed_facility, officer, overdue_facility, signed_facility

pytestmark = pytest.mark.django_db
LIST = reverse("reports:facility_list")


def names(response):
    return [f.name for f in response.context["page"]]


def test_lists_by_state(client, commune_a):
    signed_facility(Level.GREEN, unit=commune_a, name="Xanh")
    signed_facility(Level.RED, unit=commune_a, name="Đỏ")
    overdue_facility(unit=commune_a, name="Trễ")
    never_assessed_facility(unit=commune_a, name="Mới")
    client.force_login(officer(commune_a))
    assert names(client.get(LIST, {"state": "overdue"})) == ["Trễ"]
    assert names(client.get(LIST, {"state": "unsafe"})) == ["Đỏ"]
    assert names(client.get(LIST, {"state": "never"})) == ["Mới"]
    assert sorted(names(client.get(LIST))) == ["Mới", "Trễ", "Xanh", "Đỏ"]


def test_list_search_and_filters_and_paging(client, commune_a):
    for i in range(55):
        FacilityFactory(unit=commune_a, name=f"Cửa hàng {i:02d}", sector=Sector.TRADE)
    FacilityFactory(unit=commune_a, name="Chợ Điện Biên", sector=Sector.TRADE)
    client.force_login(officer(commune_a))
    assert names(client.get(LIST, {"q": "cho dien bien"})) == ["Chợ Điện Biên"]
    first = client.get(LIST, {"sector": Sector.TRADE})
    assert len(names(first)) == 50 and first.context["page"].paginator.count == 56
    second = client.get(LIST, {"sector": Sector.TRADE, "trang": 2})
    assert len(names(second)) == 6
    assert "sector=trade&amp;trang=2" in first.content.decode()


def test_list_shows_only_facilities_in_scope(client, commune_a, commune_b):
    FacilityFactory(unit=commune_a, name="Trong")
    FacilityFactory(unit=commune_b, name="Ngoài")
    client.force_login(officer(commune_a))
    assert names(client.get(LIST)) == ["Trong"]
    assert names(client.get(LIST, {"unit": commune_b.pk})) == []


def test_facility_page_shows_data_and_an_empty_history(client, commune_a):
    facility = FacilityFactory(unit=commune_a, name="Chợ Him Lam", contact_phone="0209555666")
    client.force_login(officer(commune_a))
    html = client.get(reverse("reports:facility_detail", args=[facility.pk])).content.decode()
    assert "Chợ Him Lam" in html and "0209555666" in html
    assert 'id="facility-history"' in html and "Chưa có bản đánh giá nào được ký xác nhận" in html


def test_facility_page_lists_signed_assessments_with_their_photos(client, commune_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    facility = issued_facility(unit=commune_a)
    assessment = signed_assessment(facility, make_template())
    client.force_login(officer(commune_a))
    html = client.get(reverse("reports:facility_detail", args=[facility.pk])).content.decode()
    assert reverse("assessments:detail", args=[assessment.pk]) in html
    assert "Lò Văn Minh" in html and "An toàn" in html
    detail = client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    photo = assessment.photos.get()
    assert client.get(f"/anh/{photo.pk}/").status_code == 200
    assert f"/anh/{photo.pk}/" in detail


def test_an_officer_reading_an_assessment_can_go_back_to_its_facility(client, commune_a):
    facility = issued_facility(unit=commune_a, name="Chợ Him Lam")
    assessment = signed_assessment(facility, make_template())
    client.force_login(officer(commune_a))
    detail = client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    assert f'href="{reverse("reports:facility_detail", args=[facility.pk])}"' in detail
    client.force_login(facility.user)  # the facility has no officer pages to go back to
    own = client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    assert reverse("reports:facility_detail", args=[facility.pk]) not in own


def test_facility_page_outside_scope_is_not_found(client, commune_a, commune_b):
    other = FacilityFactory(unit=commune_b)
    client.force_login(officer(commune_a))
    assert client.get(reverse("reports:facility_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("reports:facility_edit", args=[other.pk])).status_code == 404


def test_officer_corrects_data_and_location(client, commune_a):
    facility = FacilityFactory(unit=commune_a, name="Tên cũ")
    client.force_login(officer(commune_a))
    data = {
        "name": "Tên mới",
        "tax_code": facility.tax_code,
        "address": "Số 9",
        "unit": commune_a.pk,
        "sector": Sector.TRADE,
        "facility_type": "market",
        "workers": 12,
        "latitude": "21.4",
        "longitude": "103.1",
        "contact_name": "",
        "contact_phone": "",
        "email": "",
    }
    response = client.post(reverse("reports:facility_edit", args=[facility.pk]), data)
    assert response.status_code == 302
    facility.refresh_from_db()
    assert (facility.name, facility.name_folded, facility.latitude, facility.longitude) == (
        "Tên mới",
        "ten moi",
        21.4,
        103.1,
    )


def test_correction_rejects_half_a_location_and_a_unit_outside_scope(client, commune_a, commune_b):
    facility = FacilityFactory(unit=commune_a)
    client.force_login(officer(commune_a))
    data = {
        "name": "X",
        "tax_code": "",
        "address": "Y",
        "unit": commune_b.pk,
        "sector": Sector.INDUSTRY,
        "facility_type": "factory",
        "workers": 1,
        "latitude": "21.4",
        "longitude": "",
        "contact_name": "",
        "contact_phone": "",
        "email": "",
    }
    html = client.post(reverse("reports:facility_edit", args=[facility.pk]), data).content.decode()
    assert "Cần nhập cả vĩ độ và kinh độ" in html
    assert "Hãy chọn một lựa chọn hợp lệ" in html or "Chọn một lựa chọn hợp lệ" in html
    facility.refresh_from_db()
    assert facility.unit == commune_a


def test_division_officer_cannot_move_a_facility_to_another_sector(client, province, commune_a):
    facility = FacilityFactory(unit=commune_a, sector=Sector.INDUSTRY)
    client.force_login(officer(province, role=Role.PROVINCE, sectors=[Sector.INDUSTRY]))
    data = {
        "name": "X",
        "tax_code": "",
        "address": "Y",
        "unit": commune_a.pk,
        "sector": Sector.TRADE,
        "facility_type": "factory",
        "workers": 1,
        "latitude": "",
        "longitude": "",
        "contact_name": "",
        "contact_phone": "",
        "email": "",
    }
    client.post(reverse("reports:facility_edit", args=[facility.pk]), data)
    facility.refresh_from_db()
    assert facility.sector == Sector.INDUSTRY


def test_facility_page_shows_open_and_closed_flags(client, commune_a):
    from reports.flags import flags_scan

    facility = overdue_facility(days_late=3, unit=commune_a)
    flags_scan()
    client.force_login(officer(commune_a))
    html = client.get(reverse("reports:facility_detail", args=[facility.pk])).content.decode()
    assert "Đang mở" in html and "Quá hạn đánh giá" in html and "đã mở 3 ngày" in html
