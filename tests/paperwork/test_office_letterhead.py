"""The Office records behind every document's header and signature: edited in the admin, a
division's blanks taken from its Sở, a local office's parent its own unit's People's Committee."""

import pytest
from django.urls import reverse

from accounts.models import Office
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def department(province):
    return OfficeFactory(
        unit=province,
        kind="department",
        name="Sở Công Thương tỉnh Điện Biên",
        parent_name="UBND TỈNH ĐIỆN BIÊN",
        issuer_name="SỞ CÔNG THƯƠNG",
        issuer_code="SCT",
        place_name="Điện Biên Phủ",
        signer_capacity="KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC",
        signer_name="Lò Văn Minh",
    )


def test_a_division_issues_in_its_sos_name_with_its_own_code(department, province):
    division = OfficeFactory(unit=province, kind="division", name="Phòng Quản lý công nghiệp", code="QLCN")
    assert division.document_fields() == {
        "parent": "UBND TỈNH ĐIỆN BIÊN",
        "issuer": "SỞ CÔNG THƯƠNG",
        "name": "Sở Công Thương tỉnh Điện Biên",
        "code": "SCT-QLCN",
        "place": "Điện Biên Phủ",
        "capacity": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        "signer": "Lò Văn Minh",
    }


def test_a_ward_office_without_a_letterhead_prints_its_wards_committee_and_its_name(department, commune_a):
    office = OfficeFactory(unit=commune_a, kind="local", name="Phòng Kinh tế phường Điện Biên Phủ")
    fields = office.document_fields()
    assert fields["parent"] == "UBND Phường Điện Biên Phủ"
    assert fields["issuer"] == "Phòng Kinh tế phường Điện Biên Phủ"
    assert fields["signer"] == "" and fields["capacity"] == []


def test_the_admin_edits_the_letterhead(client, department):
    admin = UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:accounts_office_change", args=[department.pk])
    page = client.get(url).content.decode()
    assert "Tiêu đề và chữ ký văn bản" in page and 'name="signer_capacity"' in page
    data = {
        "name": department.name,
        "kind": "department",
        "unit": department.unit_id,
        "phone": "",
        "contact_name": "",
        "contact_mobile": "",
        "email": "",
        "parent_name": "UBND TỈNH ĐIỆN BIÊN",
        "issuer_name": "SỞ CÔNG THƯƠNG",
        "issuer_code": "SCT",
        "code": "",
        "place_name": "Điện Biên",
        "signer_capacity": "GIÁM ĐỐC",
        "signer_name": "Vừ A Dơ",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Office.objects.get(pk=department.pk).document_fields()["capacity"] == ["GIÁM ĐỐC"]
