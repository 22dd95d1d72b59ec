"""Phiếu tự đánh giá, Biên bản kiểm tra thực tế and Yêu cầu khắc phục as DOCX and PDF, from the
record pages, for whoever may see the record."""

import pytest
from django.urls import reverse

from tests.factories import OfficeFactory, issued_facility
from tests.factories.assessments import inspection, make_template, signed_assessment
from tests.factories.corrective import signed_with_unmet, with_unmet_items
from tests.factories.reports import officer
from tests.storage import isolate_media

from .helpers import assert_docx_format, assert_pdf_format, docx_of, docx_text, header_cells, pdf_of, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    isolate_media(settings, tmp_path)


@pytest.fixture
def template(db):
    return make_template()


@pytest.fixture
def facility(commune_a):
    return issued_facility(unit=commune_a, name="Công ty May Điện Biên", tax_code="5600300001")


@pytest.fixture
def sở(province):
    office = OfficeFactory(
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
    return officer(province, role="province", office=office, first_name="Nguyễn Văn", last_name="Kiểm")


def get(client, user, name, pk, fmt):
    client.force_login(user)
    response = client.get(reverse(name, args=[pk, fmt]))
    assert response.status_code == 200, response.status_code
    return response


def test_a_signed_self_assessment_downloads_as_a_phieu_with_every_item_photo_signature_and_digest(
    client, facility, template
):
    signed = signed_assessment(facility, template)
    response = get(client, facility.user, "assessments:document", signed.pk, "docx")
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    doc = docx_of(response.content)
    assert_docx_format(doc)
    assert header_cells(doc)[0].startswith("CÔNG TY MAY ĐIỆN BIÊN")
    text = docx_text(doc)
    assert "PHIẾU TỰ ĐÁNH GIÁ" in text and signed.digest in text
    assert "Lò Văn Minh" in text and "GIÁM ĐỐC" in text
    items = list(signed.version.items_in_order())
    rows = [r for t in doc.tables for r in t.rows if r.cells[0].text in {i.code for i in items}]
    assert sorted(r.cells[0].text for r in rows) == sorted(i.code for i in items)
    assert all(r.cells[2].text == "Đáp ứng" for r in rows)
    photos = signed.photos.count()
    assert photos and len(doc.inline_shapes) == photos + 1  # thumbnails and the signature
    reader = pdf_of(get(client, facility.user, "assessments:document", signed.pk, "pdf").content)
    assert_pdf_format(reader)
    pdf = pdf_text(reader)
    assert "PHIẾU TỰ ĐÁNH GIÁ" in pdf and signed.digest in pdf.replace("\n", "")
    assert items[0].text.split()[0] in pdf


def test_an_inspection_downloads_as_a_bien_ban_under_the_inspectors_office_with_the_discrepancies(
    client, facility, template, sở
):
    signed_assessment(facility, template)
    first = next(iter(template.versions.order_by("pk").first().items_in_order()))
    record = inspection(facility, sở, found={first.code: False})
    doc = docx_of(get(client, sở, "assessments:document", record.pk, "docx").content)
    assert_docx_format(doc)
    assert header_cells(doc)[0] == "UBND TỈNH ĐIỆN BIÊN\nSỞ CÔNG THƯƠNG\n"
    assert header_cells(doc)[2].startswith("Số:        /SCT")
    text = docx_text(doc)
    assert "BIÊN BẢN" in text and "Kiểm tra thực tế an toàn phòng, chống dịch COVID-19" in text
    assert "Có 1 nội dung cơ sở tự đánh giá là đáp ứng nhưng thực tế không đáp ứng" in text
    signers = doc.tables[-1].rows[0].cells
    assert (
        signers[0].paragraphs[0].text == "ĐẠI DIỆN CƠ SỞ"
        and signers[1].paragraphs[0].text == "NGƯỜI KIỂM TRA"
    )
    pdf = pdf_text(pdf_of(get(client, sở, "assessments:document", record.pk, "pdf").content))
    assert "BIÊN BẢN" in pdf and "NGƯỜI KIỂM TRA" in pdf


def test_a_corrective_request_downloads_as_the_offices_letter_with_its_items_and_deadline(
    client, facility, template, sở
):
    signed_with_unmet(facility, template)
    corrective = with_unmet_items(facility, sở)
    items = list(corrective.items.all())
    doc = docx_of(get(client, sở, "assessments:corrective_document", corrective.pk, "docx").content)
    assert_docx_format(doc)
    assert header_cells(doc)[2].startswith("Số:        /SCT\nV/v yêu cầu khắc phục")
    text = docx_text(doc)
    assert "Kính gửi: Công ty May Điện Biên." in text
    assert f"trước hết ngày {corrective.deadline:%d/%m/%Y}" in text
    table = doc.tables[1]
    assert [r.cells[2].text for r in table.rows[1:]] == [i.text for i in items]
    assert "KT. GIÁM ĐỐC" in text and "Lò Văn Minh" in text
    # The facility downloads its own too.
    pdf = pdf_text(
        pdf_of(get(client, facility.user, "assessments:corrective_document", corrective.pk, "pdf").content)
    )
    assert items[0].text.split()[0] in pdf and "Lò Văn Minh" in pdf


def test_another_facility_and_an_officer_elsewhere_get_404(
    client, facility, template, sở, commune_b, other_province
):
    signed = signed_assessment(facility, template)
    signed_with_unmet(facility, template)
    corrective = with_unmet_items(facility, sở)
    stranger = issued_facility(unit=commune_b, name="Công ty Khác")
    far = officer(other_province, role="province")
    for user in (stranger.user, far):
        client.force_login(user)
        assert client.get(reverse("assessments:document", args=[signed.pk, "pdf"])).status_code == 404
        assert (
            client.get(reverse("assessments:corrective_document", args=[corrective.pk, "docx"])).status_code
            == 404
        )
