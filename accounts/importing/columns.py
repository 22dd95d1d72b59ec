"""Find the header row under a title block and work out which column holds what, from
Vietnamese headers written with or without diacritics, in any order, among extra columns."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from ..text import fold

FIELDS = {
    "name": gettext_lazy("Tên cơ sở"),
    "tax_code": gettext_lazy("Mã số thuế"),
    "address": gettext_lazy("Địa chỉ"),
    "commune": gettext_lazy("Xã/phường"),
    "district": gettext_lazy("Quận/huyện"),
    "province": gettext_lazy("Tỉnh/thành phố"),
    "sector": gettext_lazy("Lĩnh vực"),
    "facility_type": gettext_lazy("Loại hình"),
    "zone": gettext_lazy("Khu, cụm công nghiệp"),
    "coordinates": gettext_lazy("Tọa độ"),
    "latitude": gettext_lazy("Vĩ độ"),
    "longitude": gettext_lazy("Kinh độ"),
    "contact": gettext_lazy("Người liên hệ"),
    "phone": gettext_lazy("Điện thoại"),
    "email": gettext_lazy("Email"),
    "username": gettext_lazy("Tên đăng nhập"),
    "password": gettext_lazy("Mật khẩu"),
    "stt": gettext_lazy("STT"),
}
REQUIRED = ("name", "commune", "province")

# First match wins, so the order settles headers that would fit two fields ("Tên đăng nhập"
# is not a name, "Huyện/thị xã" is not a commune, "Địa chỉ (xã, huyện)" is an address).
RULES = [
    ("stt", r"^(stt|tt|so tt|so thu tu)$"),
    ("username", r"dang nhap|tai khoan|\busername\b|\buser\b|\blogin\b"),
    ("password", r"mat khau|\bpassword\b|\bmk\b|\bpass\b"),
    ("tax_code", r"ma so thue|\bmst\b|ma so doanh nghiep|\bmsdn\b|ma dn\b|ma so dn"),
    ("latitude", r"\bvi do\b|\blat(itude)?\b"),
    ("longitude", r"\bkinh do\b|\blng\b|\blon(g|gitude)?\b"),
    ("coordinates", r"toa do|vi tri|\bgps\b"),
    ("email", r"e ?mail|thu dien tu"),
    ("phone", r"dien thoai|\bsdt\b|\bso dt\b|\bdt\b|di dong|\bphone\b"),
    ("contact", r"lien he|dau moi|nguoi dai dien|nguoi phu trach|\bcontact\b"),
    ("sector", r"linh vuc|\bnganh\b|\bsector\b"),
    ("facility_type", r"loai hinh|loai co so|\bloai\b"),
    ("zone", r"\b(khu|cum)\b.*\bcong nghiep\b|\bkcn\b|\bccn\b|khu kinh te|\bkkt\b"),
    ("address", r"dia chi|\bso nha\b|\bduong\b|\baddress\b"),
    ("district", r"\bhuyen\b|\bquan\b|\bdistrict\b"),
    ("commune", r"\bxa\b|\bphuong\b|thi tran|dac khu|\bcommune\b|\bward\b"),
    ("province", r"\btinh\b|thanh pho|\btp\b|\bprovince\b"),
    ("name", r"\bten\b|co so|doanh nghiep|cong ty|don vi|\bname\b"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in RULES]
NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
HEADER_SCAN_ROWS = 40


def normal_header(value) -> str:
    return " ".join(re.sub(r"[^a-z0-9@]+", " ", fold(str(value or ""))).split())


def is_secret_header(header) -> bool:
    """A column that holds passwords: every one of them, not only the first ("Mật khẩu",
    "Mật khẩu (nhập lại)"). Its cells are never stored."""
    return field_for(header) == "password"


def field_for(header) -> str | None:
    text = normal_header(header)
    if not text:
        return None
    for name, pattern in COMPILED:
        if pattern.search(text):
            return name
    return None


@dataclass
class Column:
    index: int
    header: str
    field: str | None
    secret: bool = False

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    def label(self) -> str:
        return f"{self.letter} ({self.header})" if self.header else self.letter


@dataclass
class Layout:
    header_row: int  # 0-based index in the sheet's rows
    data_start: int
    columns: list[Column] = field(default_factory=list)

    def index_of(self) -> dict[str, int]:
        return {c.field: c.index for c in self.columns if c.field}

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)

    def secret_indexes(self) -> list[int]:
        return [c.index for c in self.columns if c.secret]

    def as_json(self) -> dict:
        return {
            "header_row": self.header_row + 1,
            "data_start": self.data_start + 1,
            "columns": [
                {
                    "letter": c.letter,
                    "header": c.header,
                    "field": c.field or "",
                    "label": str(FIELDS.get(c.field, "")),
                    "secret": c.secret,
                }
                for c in self.columns
            ],
        }


def _text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _fields_in(row) -> dict[str, int]:
    found = {}
    for index, value in enumerate(row):
        name = field_for(value)
        if name and name not in found:
            found[name] = index
    return found


def find_layout(rows: list[list]) -> Layout:
    """The header is the row, among the first ones, that names the most known columns; a second
    header row below it (merged "Địa chỉ" over "Xã/phường | Huyện | Tỉnh") and a row of column
    numbers "(1) (2) (3)" are folded in or skipped."""
    best, best_score = None, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = _fields_in(row)
        score = len(found) + (2 if "name" in found else 0)
        if len(found) >= 3 and score > best_score:
            best, best_score = i, score
    if best is None:
        raise_missing_header()
    header = [_text(v) for v in rows[best]]
    data_start = best + 1
    below = [_text(v) for v in rows[data_start]] if data_start < len(rows) else []
    header += [""] * (len(below) - len(header))
    if _is_subheader(header, below):
        for index, value in enumerate(below):
            if value:
                header[index] = value
        data_start += 1
    while data_start < len(rows) and _is_numbering(rows[data_start]):
        data_start += 1
    columns, taken = [], set()
    for index, value in enumerate(header):
        name = field_for(value)
        if name in taken:
            name = None  # the first column of a kind wins; the rest are shown as ignored
        if name:
            taken.add(name)
        if value or name:
            columns.append(Column(index=index, header=value, field=name, secret=is_secret_header(value)))
    layout = Layout(header_row=best, data_start=data_start, columns=columns)
    missing = [f for f in REQUIRED if f not in taken]
    if "tax_code" not in taken and "username" not in taken:
        missing.append("tax_code")
    if missing:
        raise_missing_columns(missing)
    return layout


def _is_subheader(header: list[str], below: list[str]) -> bool:
    """Sub-headers sit under merged cells (blank in the header row) and are all known headers;
    a data row always has something that is not a header, such as a tax code."""
    filled = [i for i, v in enumerate(below) if v]
    return bool(filled) and all(field_for(below[i]) for i in filled) and any(not header[i] for i in filled)


def _is_numbering(row) -> bool:
    cells = [_text(v) for v in row if _text(v)]
    return len(cells) >= 3 and all(NUMBERING.match(c) for c in cells)


def raise_missing_header():
    from .reader import FileError

    raise FileError(
        _(
            "Không tìm thấy dòng tiêu đề. Bảng cần có các cột (viết có dấu hoặc không dấu): "
            "Tên cơ sở, Mã số thuế, Địa chỉ, Xã/phường, Tỉnh/thành phố; có thể thêm Quận/huyện, "
            "Lĩnh vực, Loại hình, Khu/cụm công nghiệp, Tọa độ, Người liên hệ, Điện thoại, "
            "Tên đăng nhập, Mật khẩu."
        )
    )


def raise_missing_columns(missing):
    from .reader import FileError

    names = ", ".join(str(FIELDS[f]) for f in missing)
    raise FileError(
        _("Thiếu cột bắt buộc: %(names)s. (Cần Mã số thuế hoặc Tên đăng nhập để nhận ra cơ sở khi nhập lại.)")
        % {"names": names}
    )
