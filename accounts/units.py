"""Loading administrative units: the current official list (vietnam-provinces package) and the
statistics office's legacy province → district → commune spreadsheet. Both are upserts keyed
on (source, code), so running them again changes nothing."""

import json
import unicodedata
from pathlib import Path

import vietnam_provinces
from django.db import transaction

from safemap.spreadsheets import FileError, read_file

from .choices import UnitKind
from .models import AdminUnit
from .text import fold

CURRENT_KINDS = {
    "tỉnh": UnitKind.PROVINCE,
    "thành phố trung ương": UnitKind.CITY,
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.WARD,
    "đặc khu": UnitKind.SPECIAL_ZONE,
}

# Name prefixes of the legacy list, longest first so "Thành phố" does not swallow "Thị xã".
LEGACY_PREFIXES = [
    ("thanh pho", None),
    ("thi tran", UnitKind.TOWNSHIP),
    ("thi xa", UnitKind.TOWN),
    ("quan", UnitKind.URBAN_DISTRICT),
    ("huyen", UnitKind.DISTRICT),
    ("phuong", UnitKind.WARD),
    ("xa", UnitKind.COMMUNE),
    ("tinh", UnitKind.PROVINCE),
]

GSO_COLUMNS = {
    "province_name": ("tinh thanh pho", "tinh/thanh pho", "ten tinh", "tinh"),
    "province_code": ("ma tp", "ma tinh"),
    "district_name": ("quan huyen", "quan/huyen", "ten huyen", "huyen"),
    "district_code": ("ma qh", "ma huyen"),
    "commune_name": ("phuong xa", "phuong/xa", "ten xa", "xa"),
    "commune_code": ("ma px", "ma xa"),
}


# The legacy list has about 10,600 communes, one row each.
MAX_GSO_ROWS = 20_000


class UnitFileError(ValueError):
    pass


def _upsert(rows: list[AdminUnit]) -> int:
    """Insert or update units of one level; returns how many rows changed."""
    for unit in rows:
        unit.path = AdminUnit.make_path(unit.source, unit.code, unit.parent)
        unit.depth = unit.path.count("/") - 2
        unit.name_folded = fold(unit.name)
    existing = (
        {
            (u.source, u.code): u
            for u in AdminUnit.objects.filter(source=rows[0].source, code__in=[r.code for r in rows])
        }
        if rows
        else {}
    )
    fields = ("name", "kind", "parent_id", "path", "depth", "name_folded")
    new, changed = [], []
    for unit in rows:
        old = existing.get((unit.source, unit.code))
        if old is None:
            new.append(unit)
        elif any(getattr(old, f) != getattr(unit, f) for f in fields):
            for f in fields:
                setattr(old, f, getattr(unit, f))
            changed.append(old)
    AdminUnit.objects.bulk_create(new, batch_size=1000)
    AdminUnit.objects.bulk_update(changed, [f.replace("_id", "") for f in fields], batch_size=1000)
    return len(new) + len(changed)


def _by_code(source: str) -> dict[str, AdminUnit]:
    return {u.code: u for u in AdminUnit.objects.filter(source=source)}


@transaction.atomic
def load_current_units() -> dict[str, int]:
    """34 provinces and 3,321 communes in force since 1 July 2025."""
    data = json.loads(Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    src = AdminUnit.SOURCE_CURRENT
    provinces = [
        AdminUnit(source=src, code=f"{p['code']:02d}", name=p["name"], kind=CURRENT_KINDS[p["division_type"]])
        for p in data
    ]
    changed = _upsert(provinces)
    parents = _by_code(src)
    communes = [
        AdminUnit(
            source=src,
            code=f"{w['code']:05d}",
            name=w["name"],
            kind=CURRENT_KINDS[w["division_type"]],
            parent=parents[f"{p['code']:02d}"],
        )
        for p in data
        for w in p["wards"]
    ]
    changed += _upsert(communes)
    return {"provinces": len(provinces), "communes": len(communes), "changed": changed}


def _legacy_kind(name: str, level: int) -> str:
    folded = fold(name)
    for prefix, kind in LEGACY_PREFIXES:
        if folded.startswith(prefix + " "):
            if kind is None:  # "Thành phố" is a province-level city or a provincial city
                return UnitKind.CITY if level == 0 else UnitKind.PROVINCIAL_CITY
            return kind
    return (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)[level]


def _read_rows(path: Path) -> list[list[str]]:
    """XLSX or CSV (UTF-8, Windows-1258), through the shared reader and its guards."""
    try:
        sheet = read_file(path.read_bytes(), max_rows=MAX_GSO_ROWS)
    except FileError as e:
        raise UnitFileError(f"Không đọc được tệp: {e}") from e
    return [["" if v is None else unicodedata.normalize("NFC", str(v)) for v in row] for row in sheet.rows]


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:30]):
        folded = [fold(c).replace(".", "").strip() for c in row]
        mapping = {}
        for key, names in GSO_COLUMNS.items():
            for col, value in enumerate(folded):
                if value in names:
                    mapping[key] = col
                    break
        if len(mapping) == len(GSO_COLUMNS):
            return index, mapping
    raise UnitFileError(
        "Không tìm thấy dòng tiêu đề. Tệp cần các cột: Tỉnh Thành Phố, Mã TP, Quận Huyện, Mã QH, Phường Xã, Mã PX."
    )


def _code(value: str, width: int) -> str:
    value = value.strip()
    if value.endswith(".0"):
        value = value[:-2]
    return value.zfill(width) if value.isdigit() else value


@transaction.atomic
def load_gso_units(path: Path) -> dict[str, int]:
    rows = _read_rows(Path(path))
    header, col = _find_header(rows)
    provinces, districts, communes = {}, {}, {}
    for row in rows[header + 1 :]:
        if not any(c.strip() for c in row):
            continue
        cell = {k: (row[i].strip() if i < len(row) else "") for k, i in col.items()}
        p_code = _code(cell["province_code"], 2)
        d_code = _code(cell["district_code"], 3)
        c_code = _code(cell["commune_code"], 5)
        for code in (p_code, d_code, c_code):
            if code and not (code.isascii() and code.isdigit() and len(code) <= 10):
                raise UnitFileError(f"Mã đơn vị “{code[:20]}” không hợp lệ: mã chỉ gồm chữ số (tối đa 10).")
        if any("\x00" in cell[k] for k in ("province_name", "district_name", "commune_name")):
            raise UnitFileError("Tên đơn vị hành chính chứa ký tự không hợp lệ (NUL).")
        if p_code and cell["province_name"]:
            provinces[p_code] = cell["province_name"]
        if d_code and cell["district_name"]:
            districts[d_code] = (cell["district_name"], p_code)
        if c_code and cell["commune_name"]:
            communes[c_code] = (cell["commune_name"], d_code)
    if not provinces:
        raise UnitFileError("Tệp không có dòng dữ liệu nào.")
    src = AdminUnit.SOURCE_GSO
    changed = _upsert(
        [AdminUnit(source=src, code=c, name=n, kind=_legacy_kind(n, 0)) for c, n in provinces.items()]
    )
    parents = _by_code(src)
    changed += _upsert(
        [
            AdminUnit(source=src, code=c, name=n, kind=_legacy_kind(n, 1), parent=parents[p])
            for c, (n, p) in districts.items()
        ]
    )
    parents = _by_code(src)
    changed += _upsert(
        [
            AdminUnit(source=src, code=c, name=n, kind=_legacy_kind(n, 2), parent=parents[d])
            for c, (n, d) in communes.items()
        ]
    )
    return {
        "provinces": len(provinces),
        "districts": len(districts),
        "communes": len(communes),
        "changed": changed,
    }
