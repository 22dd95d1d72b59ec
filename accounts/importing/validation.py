"""Checking every row of a file before anything is written: each error names the row and the
column, in Vietnamese, and the plan (create or update) is shown in the preview."""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ..choices import FacilityType, Role, Sector
from ..models import Facility, ImportRow, User
from . import values
from .columns import FIELDS, Layout, find_layout
from .reader import FileError, Sheet
from .units import UnitError, UnitIndex, ZoneIndex

SECTOR_WORDS = {
    Sector.INDUSTRY: ("cong nghiep", "cn", "san xuat", "san xuat cong nghiep", "industry"),
    Sector.TRADE: ("thuong mai", "tm", "dich vu", "thuong mai dich vu", "trade"),
    Sector.ENERGY: ("dien", "dien nang", "nang luong", "dien luc", "energy"),
    Sector.SAFETY: (
        "ky thuat an toan",
        "an toan moi truong",
        "ky thuat an toan moi truong",
        "kt at mt",
        "moi truong",
        "safety",
    ),
}
TYPE_WORDS = {
    FacilityType.FACTORY: (
        "nha may",
        "co so san xuat",
        "nha may co so san xuat",
        "xi nghiep",
        "doanh nghiep",
        "san xuat",
        "xuong",
        "factory",
    ),
    FacilityType.MARKET: ("cho", "cho dan sinh", "market"),
    FacilityType.SUPERMARKET: ("sieu thi", "cua hang tien loi", "supermarket"),
    FacilityType.MALL: ("trung tam thuong mai", "ttm", "tttm", "mall"),
    FacilityType.RESTAURANT: ("nha hang", "quan an", "restaurant"),
    FacilityType.OTHER: ("khac", "other"),
}
USERNAME = re.compile(r"^[A-Za-z0-9@.+_-]{3,150}$")
MIN_PASSWORD = 8
# A footer under the table: "Tổng cộng: 25 cơ sở", "Người lập biểu", a signature block.
FOOTER = re.compile(r"^(tong cong|tong so|cong\b|nguoi lap|nguoi ky|kt giam doc|giam doc|noi nhan|ghi chu)")


@dataclass
class Preview:
    sheet: Sheet
    layout: Layout
    rows: list[ImportRow]
    blocking_errors: list[dict] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # row numbers that are not data

    @property
    def invalid(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status == ImportRow.Status.INVALID]

    @property
    def valid(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status == ImportRow.Status.VALID]

    @property
    def passwords_supplied(self) -> bool:
        return any(r.data.get("has_password") for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.valid if r.data.get("action") == action)


def generated_username(tax_code: str) -> str:
    return f"cs{tax_code}"


class RowChecker:
    def __init__(self, layout: Layout, sealer=None):
        self.layout = layout
        self.index = layout.index_of()
        self.secret_indexes = layout.secret_indexes()
        self.units = UnitIndex()
        self.zones = ZoneIndex()
        self.sealer = sealer

    def cell(self, row, name):
        i = self.index.get(name)
        return row[i] if i is not None and i < len(row) else None

    def label(self, name) -> str:
        column = self.layout.column(name)
        return column.label() if column else str(FIELDS[name])

    def check(self, number: int, row: list) -> ImportRow:
        errors, data = [], {}

        def fail(name, message):
            errors.append({"column": self.label(name), "message": str(message)})

        data["name"] = values.text(self.cell(row, "name"))[:255]
        if not data["name"]:
            fail("name", _("Thiếu tên cơ sở."))
        try:
            raw_tax = self.cell(row, "tax_code")
            data["tax_code"] = values.tax_code(raw_tax) if values.text(raw_tax) else ""
        except values.CellError as e:
            fail("tax_code", e)
        data["address"] = values.text(self.cell(row, "address"))[:500]
        commune, district, province = (
            values.text(self.cell(row, f)) for f in ("commune", "district", "province")
        )
        try:
            unit = self.units.resolve(commune, district, province)
            data["unit_id"], data["unit_name"] = unit.pk, unit.name
        except UnitError as e:
            fail(e.field, e)
        for name, words, choices, default in (
            ("sector", SECTOR_WORDS, Sector, Sector.INDUSTRY),
            ("facility_type", TYPE_WORDS, FacilityType, FacilityType.FACTORY),
        ):
            written = values.text(self.cell(row, name))
            data[name] = values.choice(written, words, dict(choices.choices)) if written else str(default)
            if data[name] is None:
                fail(
                    name,
                    _("«%(value)s» không phải %(what)s hợp lệ. Chọn một trong: %(allowed)s.")
                    % {
                        "value": written,
                        "what": str(FIELDS[name]).lower(),
                        "allowed": ", ".join(str(label) for label in choices.labels),
                    },
                )
        zone = values.text(self.cell(row, "zone"))
        data["zone_id"] = None
        if zone:
            try:
                data["zone_id"] = self.zones.resolve(zone).pk
            except ValueError as e:
                fail("zone", e)
        try:
            point = values.coordinates(
                self.cell(row, "coordinates"), self.cell(row, "latitude"), self.cell(row, "longitude")
            )
            data["latitude"], data["longitude"] = point or (None, None)
        except values.CellError as e:
            fail("coordinates" if "coordinates" in self.index else "latitude", e)
        contact, phone = (
            values.text(self.cell(row, "contact")),
            values.phone(values.text(self.cell(row, "phone"))),
        )
        if contact and not phone:
            contact, phone = values.split_contact(contact)
        data["contact_name"], data["contact_phone"] = contact[:120], phone[:40]
        data["email"] = values.text(self.cell(row, "email"))
        if data["email"]:
            try:
                validate_email(data["email"])
            except ValidationError:
                fail("email", _("Email «%(value)s» không hợp lệ.") % {"value": data["email"]})
        username = values.text(self.cell(row, "username"))
        data["username_generated"] = not username
        if username and not USERNAME.match(username):
            fail(
                "username",
                _(
                    "Tên đăng nhập «%(value)s» không hợp lệ: dùng 3–150 ký tự gồm chữ không dấu, số "
                    "và . _ - @ +, không có khoảng trắng."
                )
                % {"value": username},
            )
        if not username and data.get("tax_code"):
            username = generated_username(data["tax_code"])
        tax_column = self.label("tax_code")
        if not username and not data.get("tax_code") and not any(e["column"] == tax_column for e in errors):
            fail("tax_code", _("Cần mã số thuế hoặc tên đăng nhập để nhận ra cơ sở khi nhập lại."))
        data["username"] = username
        password = self.cell(row, "password")
        password = "" if password is None else str(password).strip()
        data["has_password"] = bool(password)
        if password and len(password) < MIN_PASSWORD:
            fail("password", _("Mật khẩu quá ngắn: cần ít nhất %(n)s ký tự.") % {"n": MIN_PASSWORD})
        raw = [_json_cell(v) for v in row]
        for i in self.secret_indexes:
            if i < len(raw):
                raw[i] = ""  # a supplied password (or its confirmation) is never kept in clear text
        return ImportRow(
            number=number,
            status=ImportRow.Status.INVALID if errors else ImportRow.Status.VALID,
            raw=raw,
            data=data,
            errors=errors,
            sealed_secret=self.sealer.seal(password) if password and self.sealer and not errors else "",
        )


def _json_cell(value):
    if value is None or isinstance(value, int | float | str | bool):
        return value
    return values.text(value)


def _is_footer(row: list, checker: RowChecker) -> bool:
    filled = [values.text(v) for v in row if values.text(v)]
    if not filled or checker.cell(row, "tax_code") not in (None, "") or checker.cell(row, "username"):
        return False
    first = re.sub(r"[^a-z0-9]+", " ", values.fold(filled[0])).strip()
    return len(filled) <= 3 and bool(FOOTER.match(first))


def check_sheet(sheet: Sheet, sealer=None) -> Preview:
    layout = find_layout(sheet.rows)
    checker = RowChecker(layout, sealer)
    rows, skipped = [], []
    for i in range(layout.data_start, len(sheet.rows)):
        cells = sheet.rows[i]
        if not any(values.text(v) for v in cells):
            continue
        stt = checker.cell(cells, "stt")
        if _is_footer(cells, checker) and not isinstance(stt, int | float):
            skipped.append(i + 1)
            continue
        rows.append(checker.check(i + 1, cells))
    if not rows:
        raise FileError(
            _("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề (dòng %(n)s).") % {"n": layout.header_row + 1}
        )
    preview = Preview(sheet=sheet, layout=layout, rows=rows, skipped=skipped)
    _check_duplicates(preview, checker)
    plan_rows(preview.valid, checker)
    return preview


def _check_duplicates(preview: Preview, checker: RowChecker):
    """The same account twice in one file: no way to know which row is right, so the file must
    be fixed first and nothing is imported."""
    by_username, by_tax = defaultdict(list), defaultdict(list)
    for row in preview.rows:
        if row.data.get("username") and not row.data.get("username_generated"):
            by_username[row.data["username"].lower()].append(row)
        elif row.data.get("tax_code"):
            by_tax[row.data["tax_code"]].append(row)
    for groups, name, what in (
        (by_username, "username", _("Tên đăng nhập")),
        (by_tax, "tax_code", _("Mã số thuế")),
    ):
        for rows in groups.values():
            if len(rows) < 2:
                continue
            numbers = ", ".join(str(r.number) for r in rows)
            message = _("%(what)s «%(value)s» xuất hiện nhiều lần trong tệp (các dòng %(rows)s).") % {
                "what": what,
                "value": rows[0].data[name],
                "rows": numbers,
            }
            preview.blocking_errors.append(
                {"row": numbers, "column": checker.label(name), "message": message}
            )
            for row in rows:
                row.errors.append({"column": checker.label(name), "message": message})
                row.status = ImportRow.Status.INVALID
                row.sealed_secret = ""


def plan_rows(rows: list[ImportRow], checker: RowChecker | None = None):
    """Decide, against the database, whether each valid row creates or updates, and reject rows
    whose username belongs to someone else."""
    usernames = {r.data["username"] for r in rows}
    users = {
        u.username: u
        for u in User.objects.filter(username__in=usernames)
        .select_related("facility")
        .only("id", "username", "role", "facility__id")
    }
    facilities = defaultdict(list)
    for f in Facility.objects.filter(
        tax_code__in={r.data["tax_code"] for r in rows if r.data["tax_code"]}
    ).only("id", "tax_code", "user_id"):
        facilities[f.tax_code].append(f)
    for row in rows:
        data = row.data
        user = users.get(data["username"])
        label = checker.label("username") if checker else str(FIELDS["username"])
        if user is not None and user.role != Role.FACILITY:
            row.errors.append(
                {
                    "column": label,
                    "message": _(
                        "Tên đăng nhập «%(value)s» đã thuộc về một tài khoản cán bộ, không dùng được."
                    )
                    % {"value": data["username"]},
                }
            )
            row.status = ImportRow.Status.INVALID
            row.sealed_secret = ""
            continue
        by_tax = facilities.get(data["tax_code"], [])
        if data["username_generated"] and len(by_tax) > 1:
            row.errors.append(
                {
                    "column": checker.label("tax_code") if checker else str(FIELDS["tax_code"]),
                    "message": _(
                        "Có %(n)s cơ sở cùng mã số thuế %(value)s: ghi tên đăng nhập để chỉ rõ "
                        "cơ sở cần cập nhật."
                    )
                    % {"n": len(by_tax), "value": data["tax_code"]},
                }
            )
            row.status = ImportRow.Status.INVALID
            row.sealed_secret = ""
            continue
        has_account = user is not None or (data["username_generated"] and any(f.user_id for f in by_tax))
        data["action"] = "update" if has_account else "create"
