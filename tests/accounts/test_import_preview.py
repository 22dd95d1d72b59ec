"""Checking a file before anything is written: the guessed columns, every row, named errors."""

import re

import pytest

from accounts.importing.reader import FileError
from accounts.importing.service import import_preview
from accounts.models import Facility, User
from tests.factories import UserFactory, ZoneFactory
from tests.factories import imports as files
from tests.factories.imports import legacy_units  # noqa: F401


def preview(raw, name="tep.xlsx"):
    return import_preview(raw=raw, file_name=name)


def by_number(p):
    return {r.number: r for r in p.rows}


def test_header_is_found_under_the_title_block_and_merged_cells(commune_a, commune_b):
    p = preview(files.province_file())
    assert p.layout.header_row + 1 == 7
    mapping = {c.letter: c.field for c in p.layout.columns}
    assert mapping["D"] == "address" and mapping["E"] == "commune" and mapping["F"] == "province"
    assert mapping["K"] is None  # "Ghi chú" is shown as ignored
    assert [r.number for r in p.rows] == [10, 11, 13]  # the "(1) (2) …" row, blanks and footer skipped


def test_messy_cells_are_cleaned(commune_a, commune_b):
    rows = by_number(preview(files.province_file()))
    first, market, restaurant = rows[10].data, rows[11].data, rows[13].data
    assert first["tax_code"] == "0101234567"  # Excel had dropped the leading zero
    assert (first["latitude"], first["longitude"]) == (21.386, 103.017)
    assert (first["contact_name"], first["contact_phone"]) == ("Lò Văn An", "0912345678")
    assert market["name"] == "Chợ Mường Phăng"  # NFD and stray spaces normalised
    assert market["unit_id"] == commune_b.pk and market["facility_type"] == "market"
    assert restaurant["tax_code"] == "5600999001-001"  # 13 digits stored as a number
    assert restaurant["unit_id"] == commune_a.pk and restaurant["sector"] == "trade"
    assert all(r.status == "valid" for r in rows.values())


def test_every_error_names_its_row_and_column_in_vietnamese(province, commune_a, commune_b):
    rows = by_number(preview(files.errors_file()))
    assert rows[2].status == "valid"
    assert rows[3].errors == [
        {
            "column": "D (Xa/Phuong)",
            "message": "Không tìm thấy xã/phường «Xã Không Có» thuộc «Điện Biên» "
            "trong danh mục đơn vị hành chính.",
        }
    ]
    assert rows[4].errors[0]["column"] == "C (Ma so thue)"
    assert "Mã số thuế «12345» không hợp lệ" in rows[4].errors[0]["message"]
    assert "nằm ngoài lãnh thổ Việt Nam" in rows[5].errors[0]["message"]
    assert "«Nông nghiệp» không phải lĩnh vực hợp lệ" in rows[6].errors[0]["message"]
    messages = {e["message"] for e in rows[7].errors}
    assert "Thiếu tên cơ sở." in messages
    assert any("Không tìm thấy tỉnh/thành phố «Hà Giang»" in m for m in messages)


def test_utf8_bom_csv_with_semicolons_and_two_coordinate_columns(commune_b):
    p = preview(files.supplied_passwords_csv(2), "ds.csv")
    assert p.sheet.encoding == "UTF-8 (BOM)"
    row = p.rows[0]
    assert row.status == "valid", row.errors
    assert row.data["username"] == "dn.muongphang0" and row.data["has_password"]
    assert (row.data["latitude"], row.data["longitude"]) == (21.43, 103.15)
    assert row.raw[1] == ""  # the password is not kept in clear text


def test_windows_1258_csv_matches_the_legacy_three_level_list(province, legacy_units):  # noqa: F811
    p = preview(files.legacy_cp1258_csv(), "huyen.csv")
    assert p.sheet.encoding == "Windows-1258"
    rows = by_number(p)
    assert rows[4].data["name"] == "Xưởng gỗ Nà Tấu"
    assert rows[4].data["unit_id"] == legacy_units["na_tau"].pk
    assert rows[5].data["unit_id"] == legacy_units["thanh_an"].pk


def test_zone_is_matched_by_its_abbreviation(commune_a):
    zone = ZoneFactory(name="Cụm công nghiệp Noong Bua", unit=commune_a)
    raw = files.xlsx_bytes(
        [
            ["Tên cơ sở", "MST", "Phường", "Tỉnh", "KCN/CCN"],
            ["Xưởng A", "5600000010", "Điện Biên Phủ", "Điện Biên", "CCN Noong Bua"],
        ]
    )
    assert preview(raw).rows[0].data["zone_id"] == zone.pk


def test_rows_already_issued_are_planned_as_updates(commune_a, commune_b):
    user = UserFactory(username="cs0101234567")
    Facility.objects.create(name="Cũ", tax_code="0101234567", unit=commune_a, user=user)
    p = preview(files.province_file())
    assert [r.data["action"] for r in p.rows] == ["update", "create", "create"]


def test_username_of_an_officer_is_refused(commune_a):
    UserFactory(username="so.dienbien", role="province")
    raw = files.xlsx_bytes(
        [
            ["Tên cơ sở", "MST", "Phường", "Tỉnh", "Tên đăng nhập"],
            ["Xưởng A", "5600000010", "Điện Biên Phủ", "Điện Biên", "so.dienbien"],
        ]
    )
    row = preview(raw).rows[0]
    assert row.status == "invalid"
    assert "đã thuộc về một tài khoản cán bộ" in row.errors[0]["message"]


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "Tệp rỗng"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "không phải bảng tính"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "tệp PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "Excel 97-2003 (.xls)"),
        (b"PK\x03\x04 broken", "không phải tệp Excel"),
        ("Họ tên,Ngày sinh\nAn,1990\n".encode(), "Không tìm thấy dòng tiêu đề"),
    ],
)
def test_files_that_are_not_usable_spreadsheets_are_refused_in_vietnamese(db, raw, message):
    with pytest.raises(FileError, match=re.escape(message)):
        preview(raw)
    assert not Facility.objects.exists() and not User.objects.exists()


def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_unpacked(db):
    with pytest.raises(FileError, match="bom nén"):
        preview(files.zip_bomb(), "danh-sach.xlsx")


@pytest.mark.parametrize("maker", [files.blank_rows_xlsx, files.blank_rows_csv])
def test_a_file_of_100000_blank_rows_is_refused(db, maker):
    with pytest.raises(FileError, match="Không tìm thấy dòng tiêu đề"):
        preview(maker())


def test_a_header_with_no_data_rows_is_refused(province):
    raw = files.csv_bytes([["Tên cơ sở", "Mã số thuế", "Xã", "Tỉnh"]] + [[""] * 4] * 50)
    with pytest.raises(FileError, match="không có dòng dữ liệu nào"):
        preview(raw)


def test_missing_required_columns_are_named(db):
    raw = files.csv_bytes([["Tên cơ sở", "Mã số thuế", "Địa chỉ"], ["A", "5600000001", "x"]])
    with pytest.raises(FileError, match="Thiếu cột bắt buộc: Xã/phường, Tỉnh/thành phố"):
        preview(raw)


def test_duplicate_usernames_in_the_file_block_the_whole_file(commune_a, commune_b):
    p = preview(files.duplicate_usernames_xlsx())
    assert len(p.blocking_errors) == 1
    assert "xuất hiện nhiều lần trong tệp (các dòng 2, 4)" in p.blocking_errors[0]["message"]
    assert [r.status for r in p.rows] == ["invalid", "valid", "invalid"]


def test_a_row_without_tax_code_or_username_is_told_it_needs_one(commune_a):
    raw = files.csv_bytes(
        [
            ["Tên cơ sở", "MST", "Phường", "Tỉnh"],
            ["Chợ A", "", "Điện Biên Phủ", "Điện Biên"],
            ["Chợ B", "1", "Điện Biên Phủ", "Điện Biên"],
        ]
    )
    first, second = preview(raw, "ds.csv").rows
    assert [e["message"] for e in first.errors] == [
        "Cần mã số thuế hoặc tên đăng nhập để nhận ra cơ sở khi nhập lại."
    ]
    assert len(second.errors) == 1 and "không hợp lệ" in second.errors[0]["message"]
