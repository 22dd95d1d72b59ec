"""Writing spreadsheets that open in Excel with Vietnamese text and where no cell can be read as
a formula."""

import io

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True)
ERROR_FILL = PatternFill("solid", fgColor="FDE2E1")


def put(ws, row: int, column: int, value):
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        # openpyxl writes a string starting with "=" as a formula; force plain text, and tell
        # Excel not to re-read "+84…" or "-…" typed over later.
        cell.data_type = TYPE_STRING
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def workbook_bytes(
    title: str, header: list[str], rows: list[list], widths: dict[int, int] | None = None
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    for c, value in enumerate(header, start=1):
        put(ws, 1, c, value).font = HEADER_FONT
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value)
    for c in range(1, len(header) + 1):
        ws.column_dimensions[get_column_letter(c)].width = (widths or {}).get(c, 18)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def invalid_rows_xlsx(job, rows) -> bytes:
    """The rows to fix, as they were in the file, with the original headers and a first column
    "Lỗi cần sửa", ready to correct and upload again."""
    columns = job.layout.get("columns", [])
    width = max([len(r.raw) for r in rows] + [_index(c["letter"]) + 1 for c in columns])
    headers = [""] * width
    for c in columns:
        index = _index(c["letter"])
        if index < width:
            headers[index] = c["header"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Dòng cần sửa"
    put(ws, 1, 1, "Lỗi cần sửa").font = HEADER_FONT
    put(ws, 1, 2, "Dòng trong tệp gốc").font = HEADER_FONT
    for i, header in enumerate(headers):
        put(ws, 1, i + 3, header).font = HEADER_FONT
    for r, row in enumerate(rows, start=2):
        message = "\n".join(
            f"{e['column']}: {e['message']}" if e["column"] else e["message"] for e in row.errors
        )
        cell = put(ws, r, 1, message)
        cell.fill = ERROR_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        put(ws, r, 2, row.number)
        for i, value in enumerate(row.raw):
            put(ws, r, i + 3, value)
    ws.column_dimensions["A"].width = 60
    ws.freeze_panes = "C2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1
