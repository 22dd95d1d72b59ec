"""XLSX and CSV writers shared by every export. Both open correctly in Excel with Vietnamese
text, and no cell can be read as a formula."""

import csv
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from accounts.choices import FacilityType, MapColour, Sector

# Excel, LibreOffice and Google Sheets start a formula (or DDE payload) with these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
DATE_FORMAT = "DD/MM/YYYY"
CSV_BOM = "\ufeff"


def safe_text(value):
    """Text that Excel shows as typed: a leading apostrophe defuses a formula start."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: object  # a lazy translation
    width: int
    kind: str = "text"  # text, date or number


def local_date(value, tz=None):
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(tz or ZoneInfo(settings.TIME_ZONE)).date()
    return value


def write_xlsx(rows, fh, *, columns: list[Column], sheet_title: str, heading_rows=(), progress=None):
    """Stream ``rows`` (tuples of plain values matching ``columns``) into an XLSX file: bold
    frozen header, column widths, autofilter, real dates shown dd/mm/yyyy."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    header_row = len(heading_rows) + 1
    ws.freeze_panes = f"A{header_row + 1}"
    for heading in heading_rows:
        cell = WriteOnlyCell(ws, value=safe_text(str(heading)))
        cell.font = Font(bold=True, size=12)
        ws.append([cell])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBDD")
    wrap = Alignment(wrap_text=True, vertical="center")
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=safe_text(str(column.header)))
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        header.append(cell)
    ws.append(header)

    date_columns = [i for i, c in enumerate(columns) if c.kind == "date"]
    text_columns = [i for i, c in enumerate(columns) if c.kind == "text"]
    # One styled template cell per date column: WriteOnlyCell re-resolves its style per
    # assignment, which costs more than the rest of the row.
    date_cells = {}
    for i in date_columns:
        cell = WriteOnlyCell(ws)
        cell.number_format = DATE_FORMAT
        date_cells[i] = cell
    count = 0
    append = ws.append
    for row in rows:
        row = list(row)
        for i in text_columns:
            v = row[i]
            if v and v[0] in FORMULA_STARTS:
                row[i] = "'" + v
        for i in date_columns:
            if row[i] is not None:
                cell = date_cells[i]
                cell.value = row[i]
                row[i] = cell
        append(row)
        count += 1
        if progress and count % 1000 == 0:
            progress(count)
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
    wb.save(fh)
    if progress:
        progress(count)
    return count


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows, *, columns: list[Column]):
    """Yield CSV text chunks: a BOM so that Excel reads UTF-8, then the header and rows. Dates
    are dd/mm/yyyy text."""
    writer = csv.writer(_Echo())
    date_columns = [i for i, c in enumerate(columns) if c.kind == "date"]
    text_columns = [i for i, c in enumerate(columns) if c.kind == "text"]
    yield CSV_BOM + writer.writerow([safe_text(str(c.header)) for c in columns])
    batch = []
    for row in rows:
        row = list(row)
        for i in text_columns:
            v = row[i]
            if v and v[0] in FORMULA_STARTS:
                row[i] = "'" + v
        for i in date_columns:
            if row[i] is not None:
                row[i] = row[i].strftime("%d/%m/%Y")
        batch.append(writer.writerow(row))
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


# The facility lists

FACILITY_COLUMNS = [
    Column(_("STT"), 6, "number"),
    Column(_("Tên cơ sở"), 40),
    Column(_("Mã số thuế"), 14),
    Column(_("Địa chỉ"), 40),
    Column(_("Đơn vị hành chính"), 24),
    Column(_("Lĩnh vực"), 18),
    Column(_("Loại hình"), 20),
    Column(_("Mức độ"), 26),
    Column(_("Ngày đánh giá gần nhất"), 14, "date"),
    Column(_("Hạn đánh giá"), 14, "date"),
    Column(_("Số ngày quá hạn"), 10, "number"),
    Column(_("Người liên hệ"), 22),
    Column(_("Điện thoại"), 16),
    Column(_("Email"), 26),
]
FACILITY_FIELDS = (
    "name",
    "tax_code",
    "address",
    "unit__name",
    "sector",
    "facility_type",
    "map_colour",
    "last_signed_at",
    "due_at",
    "overdue_for",
    "contact_name",
    "contact_phone",
    "email",
)


def facility_rows(facilities, now=None):
    """Plain tuples for FACILITY_COLUMNS, read in chunks so memory stays flat."""
    now = now or timezone.now()
    tz = ZoneInfo(settings.TIME_ZONE)
    sectors = {k: str(v) for k, v in Sector.choices}
    types = {k: str(v) for k, v in FacilityType.choices}
    colours = {k: str(v) for k, v in MapColour.choices}
    qs = facilities.with_days_overdue(now).order_by("unit__path", "name", "id").values_list(*FACILITY_FIELDS)
    for n, (
        name,
        tax,
        address,
        unit,
        sector,
        ftype,
        colour,
        signed,
        due,
        late,
        contact,
        phone,
        email,
    ) in enumerate(qs.iterator(chunk_size=2000), start=1):
        yield (
            n,
            name,
            tax,
            address,
            unit,
            sectors.get(sector, sector),
            types.get(ftype, ftype),
            colours.get(colour, colour),
            signed.astimezone(tz).date() if signed else None,
            due.astimezone(tz).date() if due else None,
            late.days if late is not None else None,
            contact,
            phone,
            email,
        )


def export_filename(stem: str, fmt: str, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{stem}-{today:%Y%m%d}.{fmt}"
