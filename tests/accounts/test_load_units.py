import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from accounts.choices import UnitKind
from accounts.models import AdminUnit
from tests.encodings import to_cp1258

pytestmark = pytest.mark.django_db


def test_current_list_has_34_provinces_and_every_commune():
    call_command("load_units", verbosity=0)
    current = AdminUnit.objects.filter(source=AdminUnit.SOURCE_CURRENT)
    assert current.filter(parent=None).count() == 34
    assert current.exclude(parent=None).count() == 3321
    dien_bien = current.get(code="11")
    assert dien_bien.name == "Điện Biên" and dien_bien.kind == UnitKind.PROVINCE
    assert current.get(name="Thành phố Hà Nội").kind == UnitKind.CITY
    assert dien_bien.subtree().count() == 1 + dien_bien.children.count()


def test_loading_twice_changes_nothing(capsys):
    call_command("load_units")
    before = list(AdminUnit.objects.values_list("id", "path", "name"))
    call_command("load_units")
    assert "changed: 0" in capsys.readouterr().out
    assert list(AdminUnit.objects.values_list("id", "path", "name")) == before


def gso_workbook(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH MỤC ĐƠN VỊ HÀNH CHÍNH"])
    ws.append([])
    ws.append(
        ["Tỉnh Thành Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX", "Cấp", "Tên Tiếng Anh"]
    )
    for row in rows:
        ws.append(row)
    wb.save(path)


GSO_ROWS = [
    ["Tỉnh Điện Biên", 11, "Thành phố Điện Biên Phủ", 94, "Phường Noong Bua", 3127, "Phường", ""],
    ["Tỉnh Điện Biên", 11, "Thành phố Điện Biên Phủ", 94, "Phường Him Lam", 3128, "Phường", ""],
    ["Tỉnh Điện Biên", 11, "Huyện Mường Nhé", 96, "Xã Sín Thầu", 3158, "Xã", ""],
    ["Tỉnh Điện Biên", 11, "Huyện Mường Nhé", 96, "Thị trấn Mường Nhé", 3160, "Thị trấn", ""],
]


def test_gso_spreadsheet_builds_province_district_commune_tree(tmp_path):
    path = tmp_path / "gso.xlsx"
    gso_workbook(path, GSO_ROWS)
    call_command("load_units", gso=str(path), verbosity=0)
    legacy = AdminUnit.objects.filter(source=AdminUnit.SOURCE_GSO)
    province = legacy.get(code="11")
    assert province.kind == UnitKind.PROVINCE and province.parent is None
    city = legacy.get(code="094")
    assert city.kind == UnitKind.PROVINCIAL_CITY and city.parent == province
    township = legacy.get(code="03160")
    assert township.kind == UnitKind.TOWNSHIP
    assert [u.name for u in township.ancestors()] == [
        "Tỉnh Điện Biên",
        "Huyện Mường Nhé",
        "Thị trấn Mường Nhé",
    ]
    assert province.subtree().count() == 7


def test_gso_csv_in_windows_1258_loads_and_is_idempotent(tmp_path, capsys):
    path = tmp_path / "gso.csv"
    lines = ["Tỉnh Thành Phố;Mã TP;Quận Huyện;Mã QH;Phường Xã;Mã PX"]
    lines += [";".join(str(c) for c in row[:6]) for row in GSO_ROWS]
    path.write_bytes(to_cp1258("\r\n".join(lines)))
    call_command("load_units", gso=str(path))
    call_command("load_units", gso=str(path))
    assert "changed: 0" in capsys.readouterr().out
    assert AdminUnit.objects.get(source="gso", code="03158").name == "Xã Sín Thầu"


def test_both_lists_live_side_by_side(tmp_path):
    call_command("load_units", verbosity=0)
    path = tmp_path / "gso.xlsx"
    gso_workbook(path, GSO_ROWS)
    call_command("load_units", gso=str(path), verbosity=0)
    assert AdminUnit.objects.filter(code="11").count() == 2


def test_gso_file_without_header_is_refused_clearly(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Không tìm thấy dòng tiêu đề"):
        call_command("load_units", gso=str(path))
    assert not AdminUnit.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 not really a workbook", "bị hỏng hoặc không phải tệp Excel"),
        (
            "Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX\r\nTỉnh X,1e309,Huyện Y,1,Xã Z,2\r\n".encode(),
            "Mã đơn vị “1e309” không hợp lệ",
        ),
    ],
)
def test_damaged_gso_file_gives_a_vietnamese_error_not_a_traceback(tmp_path, content, message):
    path = tmp_path / "gso.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("load_units", gso=str(path))
    assert not AdminUnit.objects.filter(source=AdminUnit.SOURCE_GSO).exists()
