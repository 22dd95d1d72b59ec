"""Tables leave SafeMap as XLSX or CSV through these two functions: the one place the formats
part (a background job writing a file, a view answering a download)."""

import tempfile

from django.http import FileResponse, StreamingHttpResponse

from .writer import XLSX_TYPE, Column, csv_lines, export_filename, write_xlsx

FORMATS = ("xlsx", "csv")


def _counted(rows, progress, every=1000):
    n = 0
    for n, row in enumerate(rows, start=1):  # noqa: B007
        yield row
        if n % every == 0:
            progress(n)
    progress(n)


def write_table(
    rows, fh, *, fmt: str, columns: list[Column], sheet_title: str, heading_rows=(), progress=None
) -> None:
    """Write the rows to a binary file; ``progress(n)`` hears how many rows are done."""
    if fmt == "xlsx":
        write_xlsx(
            rows, fh, columns=columns, sheet_title=sheet_title, heading_rows=heading_rows, progress=progress
        )
    elif fmt == "csv":
        for chunk in csv_lines(_counted(rows, progress) if progress else rows, columns=columns):
            fh.write(chunk.encode())
    else:
        raise ValueError(f"unknown table format {fmt!r}")


def table_download(rows, *, fmt: str, columns: list[Column], stem: str, sheet_title: str, heading_rows=()):
    """A download: CSV streams while it is made; XLSX is built in a temporary file first."""
    filename = export_filename(stem, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            (chunk.encode() for chunk in csv_lines(rows, columns=columns)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    fh = tempfile.TemporaryFile()  # noqa: SIM115  FileResponse closes it once sent
    write_table(rows, fh, fmt=fmt, columns=columns, sheet_title=sheet_title, heading_rows=heading_rows)
    fh.seek(0)
    return FileResponse(fh, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
