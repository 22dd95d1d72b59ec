"""Đề xuất tạm dừng hoạt động as DOCX and PDF: the Sở's letter to UBND tỉnh with the
facilities, reasons and evidence in the Phụ lục; the Cấp lại mật khẩu letter as a file."""

import re

import pytest
from django.urls import reverse

from accounts.activity import activity_record
from accounts.choices import Level
from accounts.models import Action
from reports.flags import flags_scan
from reports.models import Proposal
from tests.factories import OfficeFactory, issued_facility
from tests.factories.reports import officer, overdue_facility, signed_facility
from tests.factories.suspensions import province_officer

from .helpers import assert_docx_format, assert_pdf_format, docx_of, docx_text, header_cells, pdf_of, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, province, commune_a, commune_b, other_province):
    settings.ESCALATION_DAYS = 10
    OfficeFactory(
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
    division = OfficeFactory(unit=province, kind="division", name="Phòng Quản lý công nghiệp", code="QLCN")
    sở = province_officer(province, username="so.qlcn", office=division)
    signed_facility(Level.RED, unit=commune_b, name="Cơ sở Không An Toàn")
    late = overdue_facility(days_late=20, unit=commune_a, name="Cơ sở Quá Hạn")
    signed_facility(Level.RED, unit=other_province, name="Cơ sở Tỉnh Khác")
    flags_scan()
    activity_record(actor=sở, action=Action.CONTACT_RECORDED, facility=late, summary="Gọi điện cho giám đốc")
    return {"sở": sở, "far": province_officer(other_province, username="so.laichau")}


@pytest.fixture
def proposal(client, world):
    client.force_login(world["sở"])
    client.post(reverse("reports:proposal_new"), {"number": "12", "date": "05/10/2026"})
    return Proposal.objects.get()


def test_the_proposal_downloads_as_the_sos_letter_with_the_facilities_in_the_appendix(
    client, world, proposal
):
    page = client.get(proposal.get_absolute_url()).content.decode()
    url = reverse("reports:proposal_document", args=[proposal.pk, "docx"])
    assert url in page
    doc = docx_of(client.get(url).content)
    assert_docx_format(doc)
    left, right, number, place = header_cells(doc)
    assert left == "UBND TỈNH ĐIỆN BIÊN\nSỞ CÔNG THƯƠNG\n"
    assert number.startswith("Số: 12/SCT-QLCN\nV/v đề xuất tạm dừng hoạt động")
    assert place == "Điện Biên Phủ, ngày 05 tháng 10 năm 2026"
    text = docx_text(doc)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Điện Biên." in text
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in text and "Lò Văn Minh" in text
    assert "Lưu: VT, QLCN." in text
    assert "(Kèm theo Công văn số 12/SCT-QLCN ngày 05/10/2026 của Sở Công Thương tỉnh Điện Biên)" in text
    table = doc.tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert sorted(r[1].split("\n")[0] for r in rows) == ["Cơ sở Không An Toàn", "Cơ sở Quá Hạn"]
    late = next(r for r in rows if r[1].startswith("Cơ sở Quá Hạn"))
    assert late[2].startswith("Quá hạn đánh giá") and "Gọi điện cho giám đốc" in late[3]
    reader = pdf_of(client.get(reverse("reports:proposal_document", args=[proposal.pk, "pdf"])).content)
    assert_pdf_format(reader)
    pdf = pdf_text(reader)
    assert "PHỤ LỤC" in pdf and "Cơ sở Quá Hạn" in pdf and "Cơ sở Tỉnh Khác" not in pdf


def test_the_document_is_in_vietnamese_whatever_the_interface_language(client, world, proposal):
    client.cookies["django_language"] = "en"
    doc = docx_of(client.get(reverse("reports:proposal_document", args=[proposal.pk, "docx"])).content)
    rows = [[c.text for c in r.cells] for r in doc.tables[-1].rows[1:]]
    assert any(r[2].startswith("Quá hạn đánh giá") for r in rows)


def test_an_officer_of_another_province_gets_404(client, world, proposal):
    client.force_login(world["far"])
    assert client.get(reverse("reports:proposal_document", args=[proposal.pk, "pdf"])).status_code == 404


def test_cap_lai_mat_khau_can_answer_with_the_notice_as_pdf_holding_the_new_secret(client, commune_a):
    facility = issued_facility(unit=commune_a, name="Chợ Điện Biên", tax_code="5600000001")
    clerk = officer(commune_a, username="pkt.a")
    client.force_login(clerk)
    form = client.get(reverse("reports:facility_password_reissue", args=[facility.pk])).content.decode()
    assert 'name="dinh-dang" id="fmt-pdf" value="pdf"' in form
    response = client.post(
        reverse("reports:facility_password_reissue", args=[facility.pk]), {"dinh-dang": "pdf"}
    )
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
    text = pdf_text(pdf_of(response.content))
    assert "Mật khẩu mới" in text and facility.user.username in text
    secret = re.search(r"Mật khẩu mới\s+([0-9a-z-]+)", text).group(1)
    facility.user.refresh_from_db()
    assert facility.user.check_password(secret)
    docx = client.post(
        reverse("reports:facility_password_reissue", args=[facility.pk]), {"dinh-dang": "docx"}
    )
    assert "cấp lại mật khẩu cho 1 cơ sở" in docx_text(docx_of(docx.content))
