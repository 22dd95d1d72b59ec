"""Spreadsheets made the way provincial offices make them, generated in code, and the
administrative units they refer to."""

import csv
import io
import re
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from accounts.models import AdminUnit
from tests.factories import UnitFactory

TITLE = [
    ["UBND TỈNH ĐIỆN BIÊN", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["SỞ CÔNG THƯƠNG", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["DANH SÁCH CƠ SỞ SẢN XUẤT, KINH DOANH ĐƯỢC CẤP TÀI KHOẢN BẢN ĐỒ AN TOÀN COVID-19"],
    ["(Kèm theo Văn bản số 842/SCT-QLCN ngày 08/6/2021 của Sở Công Thương)"],
    [],
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def xlsx_bytes(rows: list[list], merges: list[str] = (), sheet_title="DS cap TK") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    ws["A4"].font = Font(bold=True, size=14)
    ws["A4"].alignment = Alignment(horizontal="center")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], *, encoding="utf-8", bom=False, delimiter=",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    text = out.getvalue()
    if encoding == "cp1258":
        return to_cp1258(text)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


SHAPE_MARKS = "\u0302\u0306\u031b"  # circumflex, breve, horn: precomposed in Windows-1258


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters with â, ê, ô, ơ, ư, ă
    precomposed and the tone as a combining mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", parts[0] + "".join(m for m in parts[1:] if m in SHAPE_MARKS))
        tones = "".join(m for m in parts[1:] if m not in SHAPE_MARKS)
        out.append(base.encode("cp1258") + tones.encode("cp1258"))
    return b"".join(out)


def province_file() -> bytes:
    """A Sở's list: title block, merged "Địa chỉ" over two sub-headers, a row of column
    numbers, tax codes that lost their leading zero, a decimal comma, NFD names, stray spaces,
    blank lines, an extra "Ghi chú" column and a signature footer."""
    header = [
        "STT",
        "Tên cơ sở",
        "Mã số thuế",
        "Địa chỉ",
        None,
        "Tỉnh",
        "Lĩnh vực",
        "Loại hình",
        "Tọa độ",
        "Người liên hệ",
        "Ghi chú",
    ]
    sub = [None, None, None, "Số nhà, đường", "Xã/Phường", None, None, None, None, None, None]
    numbers = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"]
    data = [
        [
            1,
            "Công ty TNHH May Tây Bắc",
            101234567,
            "Số 12, tổ 3",
            "Phường Điện Biên Phủ",
            "Điện Biên",
            "Công nghiệp",
            "Nhà máy",
            "21,386; 103,017",
            "Lò Văn An - 0912 345 678",
            "Đã có MST",
        ],
        [
            2,
            nfd("  Chợ   Mường Phăng "),
            "5600123456",
            "Bản Phăng",
            nfd("xã Mường Phăng"),
            "Tỉnh Điện Biên",
            "Thương mại",
            "Chợ",
            "21.4312, 103.1543",
            "Quàng Thị Hà",
            None,
        ],
        [],
        [
            3,
            "Nhà hàng Him Lam",
            5600999001001,
            "Số 5, đường Võ Nguyên Giáp",
            "P. Điện Biên Phủ",
            "dien bien",
            "thuong mai",
            "nha hang",
            None,
            "",
            "CN cũ",
        ],
    ]
    footer = [
        [],
        [None, "Tổng cộng: 3 cơ sở"],
        [None, None, None, None, None, None, None, None, "Người lập biểu"],
    ]
    rows = TITLE + [header, sub, numbers] + data + footer
    return xlsx_bytes(rows, merges=["A4:K4", "A5:K5", "D7:E7", "A7:A8", "B7:B8", "C7:C8"])


def errors_file() -> bytes:
    header = ["TT", "Ten co so", "Ma so thue", "Xa/Phuong", "Tinh/Thanh pho", "Linh vuc", "Toa do"]
    rows = [
        header,
        [1, "Công ty Đúng", "5600000001", "Phường Điện Biên Phủ", "Điện Biên", "Công nghiệp", ""],
        [2, "Công ty Sai Xã", "5600000002", "Xã Không Có", "Điện Biên", "", ""],
        [3, "Công ty Sai MST", "12345", "Xã Mường Phăng", "Điện Biên", "", ""],
        [4, "Công ty Sai Tọa Độ", "5600000004", "Xã Mường Phăng", "Điện Biên", "", "48,85; 2,35"],
        [5, "Công ty Sai Lĩnh Vực", "5600000005", "Xã Mường Phăng", "Điện Biên", "Nông nghiệp", ""],
        [6, "", "5600000006", "Xã Mường Phăng", "Hà Giang", "", ""],
    ]
    return xlsx_bytes(rows)


def supplied_passwords_csv(n=3, *, bom=True) -> bytes:
    """UTF-8 with BOM, semicolons, headers without diacritics in another order, latitude and
    longitude in two columns with a decimal comma, usernames and passwords given."""
    rows = [
        [
            "Ten dang nhap",
            "Mat khau",
            "Ten doanh nghiep",
            "MST",
            "Phuong/Xa",
            "Tinh",
            "Vi do",
            "Kinh do",
            "SDT",
        ]
    ]
    for i in range(n):
        rows.append(
            [
                f"dn.muongphang{i}",
                f"Matkhau-{i:04d}x",
                f"Doanh nghiệp Mường Phăng {i}",
                f"56{i:08d}",
                "Mường Phăng",
                "Điện Biên",
                "21,43",
                "103,15",
                "0209 381 000",
            ]
        )
    return csv_bytes(rows, bom=bom, delimiter=";")


def legacy_cp1258_csv() -> bytes:
    """A district office's CSV saved by Excel on Vietnamese Windows, with the old three-level
    address (province, district, commune)."""
    rows = [
        ["DANH SÁCH CƠ SỞ (huyện cũ)"],
        [],
        [
            "Số TT",
            "Tên cơ sở",
            "Mã số thuế",
            "Xã, phường, thị trấn",
            "Quận/Huyện",
            "Tỉnh/Thành phố",
            "Khu/cụm CN",
        ],
        ["1", "Xưởng gỗ Nà Tấu", "5600777001", "Xã Nà Tấu", "Huyện Điện Biên", "Tỉnh Điện Biên", ""],
        ["2", "Cơ sở chè Thanh An", "5600777002", "Thanh An", "H. Điện Biên", "Điện Biên", ""],
    ]
    return csv_bytes(rows, encoding="cp1258")


def duplicate_usernames_xlsx() -> bytes:
    rows = [
        ["STT", "Tên cơ sở", "Mã số thuế", "Xã/phường", "Tỉnh", "Tên đăng nhập"],
        [1, "Cơ sở A", "5600100001", "Phường Điện Biên Phủ", "Điện Biên", "coso.trung"],
        [2, "Cơ sở B", "5600100002", "Xã Mường Phăng", "Điện Biên", "coso.khac"],
        [3, "Cơ sở C", "5600100003", "Xã Mường Phăng", "Điện Biên", "Coso.Trung"],
    ]
    return xlsx_bytes(rows)


def generated_rows(n: int, *, passwords=False, start=0) -> list[list]:
    header = ["STT", "Tên cơ sở", "Mã số thuế", "Địa chỉ", "Xã/phường", "Tỉnh", "Tọa độ"]
    if passwords:
        header += ["Tên đăng nhập", "Mật khẩu"]
    rows = [header]
    for i in range(start, start + n):
        row = [
            i + 1,
            f"Công ty số {i}",
            f"57{i:08d}",
            f"Số {i}, tổ 1",
            "Phường Điện Biên Phủ",
            "Điện Biên",
            f"21,{380 + i % 10}; 103,0{i % 10}",
        ]
        if passwords:
            row += [f"cs.bench{i}", f"Mat-khau-{i:06d}"]
        rows.append(row)
    return rows


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(100):
                member.write(block)
    return out.getvalue()


def blank_rows_xlsx(n=100_000) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    for _ in range(n):
        ws.append(["", " "])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def blank_rows_csv(n=100_000) -> bytes:
    return b"\xef\xbb\xbf" + b",,,,,,\r\n" * n


@pytest.fixture
def legacy_units(db):
    """The old statistics-office list for the same province: province → district → commune."""
    gso = AdminUnit.SOURCE_GSO
    province = UnitFactory(source=gso, code="11", name="Tỉnh Điện Biên", kind="province")
    district = UnitFactory(source=gso, code="100", name="Huyện Điện Biên", kind="district", parent=province)
    city = UnitFactory(
        source=gso, code="094", name="Thành phố Điện Biên Phủ", kind="provincial_city", parent=province
    )
    return {
        "province": province,
        "district": district,
        "na_tau": UnitFactory(source=gso, code="03250", name="Xã Nà Tấu", kind="commune", parent=district),
        "thanh_an": UnitFactory(
            source=gso, code="03316", name="Xã Thanh An", kind="commune", parent=district
        ),
        "him_lam": UnitFactory(source=gso, code="03127", name="Phường Him Lam", kind="ward", parent=city),
    }


def declared_wide_xlsx(rows: list[list], *, last_row=5001) -> bytes:
    """A small XLSX whose sheet declares A1:XFD<last_row> and holds an empty row element for
    every row after ``rows``, as some generators write formatted blank rows: a reader that
    trusts the declaration builds a 16,384-cell row for each."""
    raw = xlsx_bytes(rows)
    src, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for member in src.infolist():
            content = src.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                text, n = re.subn(
                    r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:XFD{last_row}"/>', text
                )
                assert n == 1
                first = max(int(r) for r in re.findall(r'<row r="(\d+)"', text)) + 1
                empty = "".join(f'<row r="{r}" spans="1:16384"/>' for r in range(first, last_row + 1))
                content = text.replace("</sheetData>", empty + "</sheetData>").encode()
            z.writestr(member, content)
    return out.getvalue()
