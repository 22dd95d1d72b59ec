"""The file of rows to fix, written through the shared spreadsheet writer and its formula
guard (``safemap.spreadsheets``)."""

from openpyxl.styles import Alignment, PatternFill

from safemap.spreadsheets import new_workbook, put, workbook_to_bytes
from safemap.spreadsheets.writer import HEADER_FONT

from .columns import is_secret_header

ERROR_FILL = PatternFill("solid", fgColor="FDE2E1")


def invalid_rows_xlsx(job, rows) -> bytes:
    """The rows to fix, as they were in the file, with the original headers and a first column
        "Lỗi cần sửa", ready to correct and upload again. Password columns stay empty: they are not
    stored, and a job read before that was so still must not hand them out."""
    columns = job.layout.get("columns", [])
    width = max([len(r.raw) for r in rows] + [_index(c["letter"]) + 1 for c in columns])
    headers = [""] * width
    secret = set()
    for c in columns:
        index = _index(c["letter"])
        if index < width:
            headers[index] = c["header"]
        if c.get("secret") or is_secret_header(c["header"]):
            secret.add(index)
    wb, ws = new_workbook("Dòng cần sửa")
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
            put(ws, r, i + 3, "" if i in secret else value)
    ws.column_dimensions["A"].width = 60
    ws.freeze_panes = "C2"
    return workbook_to_bytes(wb)


def _index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1
