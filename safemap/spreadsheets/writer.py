"""Writing spreadsheets: XLSX (streamed, for exports of any size, and small ones for letters) and
CSV. Both open in Excel with Vietnamese text, dates dd/mm/yyyy, and every text cell goes through
the formula guard (see ``guard``)."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .guard import FORMULA_STARTS, csv_safe, guard_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
CSV_BOM = "\ufeff"
FORMULA_FIRST = frozenset(FORMULA_STARTS)  # every start is one character: a set lookup per cell
HEADER_FONT = Font(bold=True)


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


def export_filename(stem: str, fmt: str, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{stem}-{today:%Y%m%d}.{fmt}"


def _text_cell(ws, value, **style):
    cell = WriteOnlyCell(ws, value=value)
    for name, v in style.items():
        setattr(cell, name, v)
    return guard_cell(cell)


def write_xlsx(rows, fh, *, columns: list[Column], sheet_title: str, heading_rows=(), progress=None):
    """Stream ``rows`` (tuples of plain values matching ``columns``) into an XLSX file: bold
    frozen header, column widths, autofilter, real dates shown dd/mm/yyyy."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(sheet_title)[:31])
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    header_row = len(heading_rows) + 1
    ws.freeze_panes = f"A{header_row + 1}"
    for heading in heading_rows:
        ws.append([_text_cell(ws, str(heading), font=Font(bold=True, size=12))])
    fill = PatternFill("solid", fgColor="DDEBDD")
    wrap = Alignment(wrap_text=True, vertical="center")
    ws.append([_text_cell(ws, str(c.header), font=HEADER_FONT, fill=fill, alignment=wrap) for c in columns])

    date_columns = [i for i, c in enumerate(columns) if c.kind == "date"]
    text_columns = [i for i, c in enumerate(columns) if c.kind == "text"]
    # One styled template cell per column: WriteOnlyCell re-resolves its style per assignment,
    # which costs more than the rest of the row. A row is written when appended, so a template
    # can be filled again on the next row.
    date_cells = {}
    for i in date_columns:
        cell = WriteOnlyCell(ws)
        cell.number_format = DATE_FORMAT
        date_cells[i] = cell
    text_cells = {i: _text_cell(ws, "=", quotePrefix=True) for i in text_columns}
    count = 0
    append = ws.append
    for row in rows:
        row = list(row)
        for i in text_columns:
            v = row[i]
            if v and v[0] in FORMULA_FIRST:
                cell = text_cells[i]
                cell.value = v
                cell.data_type = "s"  # the value setter just made "=…" a formula again
                row[i] = cell
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


def xlsx_bytes(rows, *, columns: list[Column], sheet_title: str) -> bytes:
    out = io.BytesIO()
    write_xlsx(rows, out, columns=columns, sheet_title=sheet_title)
    return out.getvalue()


def put(ws, row: int, column: int, value):
    """A value into a cell of an ordinary (not streamed) worksheet, through the guard."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    return guard_cell(cell)


def new_workbook(title: str):
    wb = Workbook()
    wb.active.title = str(title)[:31]
    return wb, wb.active


def workbook_to_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows, *, columns: list[Column]):
    """Yield CSV text chunks: a BOM so that Excel reads UTF-8, then the header and rows. Dates
    are dd/mm/yyyy text."""
    writer = csv.writer(_Echo())
    date_columns = [i for i, c in enumerate(columns) if c.kind == "date"]
    text_columns = [i for i, c in enumerate(columns) if c.kind == "text"]
    yield CSV_BOM + writer.writerow([csv_safe(str(c.header)) for c in columns])
    batch = []
    for row in rows:
        row = list(row)
        for i in text_columns:
            v = row[i]
            if v and v[0] in FORMULA_FIRST:
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
