"""Báo cáo kết quả (DOCX and PDF): the periodic report an office sends to the level above. Its
figures are the dashboard's for the same scope and moment, in the format of Nghị định 30/2020."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from accounts.choices import Level, MapColour, OfficeKind, Role
from accounts.models import Activity
from reports.flags import flags_scan
from tests.factories import FacilityFactory, OfficeFactory
from tests.factories.contacts import contact_at
from tests.factories.reports import (
    never_assessed_facility,
    officer,
    overdue_facility,
    signed_facility,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(province, commune_a, commune_b, other_province):
    signed_facility(Level.GREEN, unit=commune_a)
    signed_facility(Level.RED, unit=commune_a, on_time=False)
    late = overdue_facility(unit=commune_a)
    never_assessed_facility(unit=commune_b)
    signed_facility(Level.YELLOW, unit=commune_b)
    FacilityFactory(unit=commune_b)  # no account yet
    signed_facility(Level.GREEN, unit=other_province)  # outside every scope below but the ministry's
    flags_scan()
    contact_at(late, late.flags.get().opened_at)


@pytest.fixture
def department(province):
    return OfficeFactory(
        name="Sở Công Thương tỉnh Điện Biên",
        kind=OfficeKind.DEPARTMENT,
        unit=province,
        place_name="Điện Biên Phủ",
        parent_name="UBND TỈNH ĐIỆN BIÊN",
        issuer_name="SỞ CÔNG THƯƠNG",
        issuer_code="SCT",
        code="QLCN",
        signer_capacity="KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn Sở",
    )


def docx_of(client, user):
    client.force_login(user)
    response = client.get(reverse("reports:results_report", args=["docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return Document(io.BytesIO(b"".join(response) if response.streaming else response.content))


def text_of(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def dashboard_numbers(client, user) -> dict:
    """What the dashboard page shows, read off the page."""
    client.force_login(user)
    html = client.get(reverse("reports:dashboard")).content.decode()
    colours = dict(re.findall(r'data-colour-count="(\w+)">(\d+)<', html))
    states = dict(re.findall(r'data-state-count="(\w+)">(\d+)<', html))
    foot = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    expected, reported = re.findall(r'<td class="text-end">(\d+)</td>', foot)[:2]
    return {"colours": colours, "states": states, "expected": expected, "reported": reported}


def test_the_report_agrees_with_the_dashboard_number_by_number(client, world, province, department):
    sở = officer(province, role=Role.PROVINCE, office=department)
    shown = dashboard_numbers(client, sở)
    doc = docx_of(client, sở)
    text = text_of(doc)

    assert f"Tổng số cơ sở: {shown['states']['total']};" in text
    assert f"trong đó {shown['expected']} cơ sở đã được cấp tài khoản" in text
    assert f"Trong kỳ, {shown['reported']} cơ sở đã tự đánh giá" in text
    assert f"Cơ sở quá hạn đánh giá: {shown['states']['overdue']};" in text
    assert f"chưa đánh giá lần nào: {shown['states']['never']};" in text
    assert f"không an toàn: {shown['states']['unsafe']}." in text
    # The appendix: one row per commune, then the totals, which are the dashboard's.
    states_table, colours_table, followup_table = doc.tables[-3:]
    rows = [[c.text for c in row.cells] for row in states_table.rows]
    assert [r[1] for r in rows[1:]] == ["Phường Điện Biên Phủ", "Xã Mường Phăng", "Cộng"]
    assert rows[-1][2:4] == [shown["expected"], shown["reported"]]
    assert rows[-1][6:9] == [shown["states"][k] for k in ("overdue", "never", "unsafe")]
    assert [r[2:4] for r in rows[1:3]] == [["3", "2"], ["2", "1"]]
    colour_rows = [[c.text for c in row.cells] for row in colours_table.rows]
    header = colour_rows[0][2:]
    assert dict(zip(header, colour_rows[-1][2:], strict=True)) == {
        str(c.label): shown["colours"][c.value] for c in MapColour
    }
    follow = [[c.text for c in row.cells] for row in followup_table.rows]
    # Two flags (the overdue and the never-assessed facility): the overdue one was called that day.
    assert follow[-1][2] == "50,0%"
    assert "liên hệ trong 3 ngày: 50,0% (1/2)" in text


def test_the_docx_is_a4_with_the_decrees_margins_and_times_new_roman(client, world, province, department):
    doc = docx_of(client, officer(province, role=Role.PROVINCE, office=department))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    mm = {
        side: round(getattr(section, f"{side}_margin").mm, 1) for side in ("top", "bottom", "left", "right")
    }
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20
    fonts = {r.font.name or doc.styles["Normal"].font.name for p in doc.paragraphs for r in p.runs}
    assert fonts == {"Times New Roman"}
    text = text_of(doc)
    for block in (
        "UBND TỈNH ĐIỆN BIÊN",
        "SỞ CÔNG THƯƠNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/SCT-QLCN",
        "BÁO CÁO",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn Sở",
        "PHỤ LỤC",
    ):
        assert block in text or any(block in c.text for t in doc.tables for row in t.rows for c in row.cells)


def test_the_sở_reports_to_the_peoples_committee_and_the_ministry_a_ward_to_the_sở(
    client, world, province, commune_a, department
):
    text = text_of(docx_of(client, officer(province, role=Role.PROVINCE, office=department)))
    assert "Ủy ban nhân dân tỉnh Điện Biên" in text and "Bộ Công Thương" in text

    ward_office = OfficeFactory(
        name="Phòng Kinh tế phường Điện Biên Phủ", kind=OfficeKind.LOCAL, unit=commune_a
    )
    text = text_of(docx_of(client, officer(commune_a, office=ward_office)))
    assert "Sở Công Thương tỉnh Điện Biên" in text
    assert "Xã Mường Phăng" not in text  # another commune is not in the ward's report


def test_the_pdf_is_a4_embeds_its_fonts_and_reads_as_text(client, world, province, department):
    client.force_login(officer(province, role=Role.PROVINCE, office=department))
    response = client.get(reverse("reports:results_report", args=["pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # embedded
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert any("LiberationSerif" in f for f in fonts)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "BÁO CÁO" in text and "Phường Điện Biên Phủ" in text and "Cộng" in text


def test_the_download_is_in_the_log_and_a_facility_cannot_have_it(client, world, province, facility_user):
    sở = officer(province, role=Role.PROVINCE)
    docx_of(client, sở)
    assert Activity.objects.filter(actor=sở, summary="Báo cáo kết quả (DOCX)").count() == 1

    client.force_login(facility_user)
    response = client.get(reverse("reports:results_report", args=["pdf"]))
    assert response.status_code == 404  # officer pages do not exist for a facility
    assert response.get("Content-Type") != "application/pdf"
