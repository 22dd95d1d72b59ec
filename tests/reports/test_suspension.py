import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import Level, Role
from accounts.scoping import facilities_visible_to
from reports.flags import flags_scan
from reports.suspension import suspension_candidates
from tests.factories import OfficeFactory, UnitFactory, UserFactory, ZoneFactory
from tests.factories.reports import officer, overdue_facility, signed_facility

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, province, commune_a, commune_b):
    settings.ESCALATION_DAYS = 10
    world = {
        "red": signed_facility(Level.RED, unit=commune_b, name="Không an toàn"),
        "long_late": overdue_facility(days_late=11, unit=commune_a, name="Quá hạn lâu"),
        "short_late": overdue_facility(days_late=9, unit=commune_a, name="Quá hạn ít ngày"),
        "green": signed_facility(Level.GREEN, unit=commune_a, name="An toàn"),
    }
    flags_scan()  # the scan dates each flag from when the facility fell overdue
    return world


def test_before_any_scan_only_unsafe_facilities_are_proposed(settings, province, commune_a):
    settings.ESCALATION_DAYS = 10
    overdue_facility(days_late=11, unit=commune_a, name="Quá hạn lâu")
    signed_facility(Level.RED, unit=commune_a, name="Không an toàn")
    user = officer(province, role=Role.PROVINCE)
    found = suspension_candidates(facilities_visible_to(user), timezone.now())
    assert [f.name for f in found] == ["Không an toàn"]


def test_candidates_are_unsafe_or_overdue_beyond_escalation_days(world, province):
    user = officer(province, role=Role.PROVINCE)
    found = list(suspension_candidates(facilities_visible_to(user), timezone.now()))
    assert [f.name for f in found] == ["Quá hạn lâu", "Không an toàn"]  # grouped by unit path


def test_report_is_an_administrative_document_grouped_by_unit(client, world, province, commune_a, commune_b):
    client.force_login(officer(province, role=Role.PROVINCE))
    response = client.get(
        reverse("reports:suspension_report"), {"number": "15/SCT-QLCN", "date": "05/10/2021"}
    )
    html = response.content.decode()
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/SCT-QLCN",
        "ngày 05 tháng 10 năm 2021",
        "Nơi nhận",
        "@page { size: A4",
    ):
        assert text in html
    assert html.index(commune_a.name + " (1)") < html.index(commune_b.name + " (1)")
    assert "Quá hạn ít ngày" not in html and "Không an toàn" in html


def test_report_xlsx_lists_the_same_facilities(client, world, province):
    client.force_login(officer(province, role=Role.PROVINCE))
    response = client.get(reverse("reports:suspension_xlsx"))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Danh sách cơ sở đề xuất tạm dừng hoạt động"
    assert rows[1][:2] == ("STT", "Tên cơ sở")
    assert [r[1] for r in rows[2:]] == ["Quá hạn lâu", "Không an toàn"]
    assert ws.freeze_panes == "A3"


def test_local_office_report_holds_only_its_area(client, world, commune_a):
    client.force_login(officer(commune_a))
    html = client.get(reverse("reports:suspension_report")).content.decode()
    assert "Quá hạn lâu" in html and "Không an toàn</td>" not in html


@pytest.fixture
def ministry():
    return UserFactory(role=Role.MINISTRY)


def test_a_national_user_chooses_the_province_before_any_list_is_drawn(client, world, ministry):
    client.force_login(ministry)
    html = client.get(reverse("reports:suspension_report")).content.decode()
    assert "hãy chọn tỉnh, thành phố" in html
    assert "Quá hạn lâu" not in html and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in html


def test_a_national_users_list_holds_only_the_chosen_province(
    client, world, ministry, province, other_province
):
    elsewhere = UnitFactory(code="00400", name="Xã Khác Tỉnh", kind="commune", parent=other_province)
    signed_facility(Level.RED, unit=elsewhere, name="Cơ sở tỉnh khác")
    client.force_login(ministry)

    html = client.get(reverse("reports:suspension_report"), {"province": province.pk}).content.decode()
    assert "Quá hạn lâu" in html and "Không an toàn</td>" in html and "Cơ sở tỉnh khác" not in html
    assert f"Ủy ban nhân dân tỉnh {province.name}" in html and f"?province={province.pk}" in html
    assert 'value="…/SCT"' in html  # the fields left empty still show what will print (no division)

    response = client.get(reverse("reports:suspension_xlsx"), {"province": other_province.pk})
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [r[1] for r in ws.iter_rows(min_row=3, values_only=True)] == ["Cơ sở tỉnh khác"]


def test_a_province_officer_cannot_widen_the_list_to_another_province(
    client, world, province, other_province
):
    elsewhere = UnitFactory(code="00400", name="Xã Khác Tỉnh", kind="commune", parent=other_province)
    signed_facility(Level.RED, unit=elsewhere, name="Cơ sở tỉnh khác")
    client.force_login(officer(province, role=Role.PROVINCE))
    html = client.get(reverse("reports:suspension_report"), {"province": other_province.pk}).content.decode()
    assert "Cơ sở tỉnh khác" not in html and "Quá hạn lâu" in html


def test_the_document_counts_days_overdue_from_the_due_date(client, settings, world, province):
    client.force_login(officer(province, role=Role.PROVINCE))
    html = client.get(reverse("reports:suspension_report")).content.decode()
    days = 11 + settings.ASSESSMENT_GRACE_DAYS
    assert world["long_late"].days_overdue() == days
    assert f"Quá hạn đánh giá {days} ngày" in html

    ws = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("reports:suspension_xlsx")).streaming_content))
    ).active
    assert [r[5] for r in ws.iter_rows(min_row=3, values_only=True)] == [
        f"Quá hạn đánh giá {days} ngày",
        "Không an toàn",
    ]


@pytest.fixture
def sct(province):
    department = OfficeFactory(
        unit=province, kind="department", name="Sở Công Thương tỉnh Điện Biên", place_name="Điện Biên Phủ"
    )
    division = OfficeFactory(unit=province, kind="division", name="Phòng Quản lý thương mại", code="QLTM")
    return department, division


def test_the_header_names_the_province_committee_the_place_and_the_issuing_division(
    client, world, province, sct
):
    _department, division = sct
    client.force_login(officer(province, role=Role.PROVINCE, office=division))
    html = client.get(reverse("reports:suspension_report"), {"date": "05/10/2021"}).content.decode()
    assert 'UBND TỈNH ĐIỆN BIÊN<br><strong class="underline">SỞ CÔNG THƯƠNG</strong>' in html
    assert "Điện Biên Phủ, ngày 05 tháng 10 năm 2021" in html
    assert "Số: …/SCT-QLTM" in html and "Lưu: VT, QLTM." in html
    assert "Kính gửi: Ủy ban nhân dân tỉnh Điện Biên." in html


def test_a_zone_boards_document_carries_its_province(client, world, province, commune_a, sct):
    board = UserFactory(role=Role.ZONE_BOARD, zones=[ZoneFactory(unit=commune_a)])
    client.force_login(board)
    html = client.get(reverse("reports:suspension_report")).content.decode()
    assert "UBND TỈNH ĐIỆN BIÊN" in html and "Kính gửi: Ủy ban nhân dân tỉnh Điện Biên." in html
    assert "Điện Biên Phủ, ngày" in html


def test_the_document_stays_vietnamese_in_the_english_interface(client, settings, world, province):
    client.force_login(officer(province, role=Role.PROVINCE))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("reports:suspension_report"))
    page = response.content.decode()
    doc = page[page.index('<article class="doc"') : page.index("</article>")]
    days = 11 + settings.ASSESSMENT_GRACE_DAYS
    for text in (
        "Kính gửi",
        "Lý do đề xuất",
        f"Quá hạn đánh giá {days} ngày",
        "Tổng cộng: 2 cơ sở.",
        "Nơi nhận",
    ):
        assert text in doc
    assert "Reason for proposal" not in doc and "overdue" not in doc

    ws = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("reports:suspension_xlsx")).streaming_content))
    ).active
    assert (
        ws["A1"].value == "Danh sách cơ sở đề xuất tạm dừng hoạt động" and ws["F2"].value == "Lý do đề xuất"
    )


def test_a_national_user_picks_the_province_from_a_list_in_vietnamese_order(client, ministry):
    for code, name in (
        ("96", "Cà Mau"),
        ("92", "Thành phố Cần Thơ"),
        ("04", "Cao Bằng"),
        ("01", "Thành phố Hà Nội"),
        ("11", "Điện Biên"),
        ("42", "Hà Tĩnh"),
        ("02", "Đắk Lắk"),
    ):
        UnitFactory(code=code, name=name, kind="province")
    client.force_login(ministry)
    html = client.get(reverse("reports:suspension_report")).content.decode()
    select = html[html.index('name="province"') : html.index("</select>")]
    names = re.findall(r'<option value="\d+">([^<]+)</option>', select)
    assert names == [
        "Cà Mau",
        "Thành phố Cần Thơ",
        "Cao Bằng",
        "Đắk Lắk",
        "Điện Biên",
        "Thành phố Hà Nội",
        "Hà Tĩnh",
    ]
