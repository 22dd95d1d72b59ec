"""The one way SafeMap reads a spreadsheet: an uploaded or given file becomes rows of cells,
and what is not a spreadsheet is refused before any parser sees it (.xls, PDF, zip bombs, files
too large, binary junk). Reading is bounded whatever the file declares: at most ``max_columns``
cells per row and ``max_rows`` filled rows, so a 16 KB file that claims 16,384 columns by
5,000 rows costs what its few real cells cost."""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

# A real .xlsx of 50,000 rows unpacks to well under this; a zip bomb does not.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Sheet XML, even of empty formatted rows, deflates well under 500:1; deflate's ceiling is about
# 1,030:1, which is what a bomb of zeros reaches.
MAX_RATIO = 500
MAX_COLUMNS = 60


class FileError(ValueError):
    """The file as a whole cannot be read; the message is for the user, in Vietnamese."""


class TooManyRows(FileError):
    def __init__(self, message: str, limit: int):
        super().__init__(message)
        self.limit = limit


@dataclass
class Sheet:
    rows: list[list]  # cell values: str, int, float, datetime or None
    kind: str  # "xlsx" or "csv"
    encoding: str = ""
    sheet_name: str = ""


@dataclass(frozen=True)
class Limits:
    rows: int  # filled rows shown in the error
    columns: int
    slack: int = 0  # filled rows allowed beyond ``rows``: a title block and a footer


def check_size(size: int):
    if size > settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024:
        raise FileError(_("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": settings.IMPORT_MAX_UPLOAD_MB})


def read_upload(upload, **limits) -> Sheet:
    """An uploaded file (Django's UploadedFile): its size is checked before it is read."""
    check_size(upload.size or 0)
    return read_file(upload.read(), **limits)


def read_file(
    raw: bytes,
    *,
    max_rows: int,
    max_columns: int = MAX_COLUMNS,
    slack_rows: int = 0,
    xlsx_only: bool = False,
) -> Sheet:
    """``max_rows`` counts filled rows (blank ones cost nothing); ``xlsx_only`` refuses CSV."""
    if not raw or not raw.strip(b" \t\r\n\x00"):
        raise FileError(_("Tệp rỗng: không có dữ liệu nào."))
    check_size(len(raw))
    limits = Limits(rows=max_rows, columns=max_columns, slack=slack_rows)
    if raw[:4] == b"PK\x03\x04":
        return _read_xlsx(raw, limits)
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileError(
            _(
                "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ. Mở tệp bằng Excel và chọn Lưu thành "
                "(Save As) → Sổ làm việc Excel (.xlsx) hoặc CSV UTF-8, rồi tải lên lại."
            )
        )
    if raw[:5] == b"%PDF-":
        raise FileError(_("Đây là tệp PDF, không phải bảng tính. Hãy tải lên tệp Excel (.xlsx) hoặc CSV."))
    if xlsx_only:
        raise FileError(_("Không đọc được tệp: tệp không phải Excel .xlsx hợp lệ."))
    return _read_csv(raw, limits)


def _read_xlsx(raw: bytes, limits: Limits) -> Sheet:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as e:
        raise FileError(_("Tệp nén bị hỏng hoặc không phải tệp Excel (.xlsx).")) from e
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise FileError(_("Tệp nén này không phải tệp Excel (.xlsx): không có bảng tính bên trong."))
    unpacked = sum(m.file_size for m in members)
    # zipfile stops reading a member at its declared size, so the declared sizes are a real bound.
    if unpacked > MAX_UNPACKED_BYTES or any(
        m.file_size > 5 * 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members
    ):
        raise FileError(
            _("Tệp Excel bất thường: dữ liệu giải nén quá lớn (nghi là tệp “bom nén”). Tệp đã bị từ chối.")
        )
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds of errors on broken files
        raise FileError(_("Không mở được tệp Excel: tệp bị hỏng hoặc sai định dạng.")) from e
    try:
        sheet = _first_sheet_with_data(workbook, limits)
        # The declared dimension (A1:XFD5001) is what the file claims, not what it holds: without
        # it, openpyxl yields the rows that are there and no padding after the last one.
        sheet.reset_dimensions()
        rows = _collect(sheet.iter_rows(values_only=True, max_col=limits.columns), limits)
        return Sheet(rows=rows, kind="xlsx", sheet_name=sheet.title)
    except FileError:
        raise
    except Exception as e:  # a broken sheet inside a sound zip
        raise FileError(_("Không mở được tệp Excel: tệp bị hỏng hoặc sai định dạng.")) from e
    finally:
        workbook.close()


def _first_sheet_with_data(workbook, limits: Limits):
    if not workbook.worksheets:
        raise FileError(_("Tệp Excel không có trang tính nào."))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True, max_row=60, max_col=limits.columns):
            if any(_filled(v) for v in row):
                return sheet
    return workbook.worksheets[0]


def _filled(value) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def _collect(rows, limits: Limits) -> list[list]:
    """Keep the rows up to the last filled one, with a bound on filled rows: blank rows (Excel
    often keeps formatting on 100,000 empty rows) cost nothing."""
    out, last_filled, filled = [], -1, 0
    for row in rows:
        cells = list(row)
        # count() runs in C: a row of empty cells (most rows of a padded sheet) costs no loop.
        if cells.count(None) < len(cells) and any(_filled(v) for v in cells):
            filled += 1
            if filled > limits.rows + limits.slack:
                raise TooManyRows(
                    _("Tệp có quá nhiều dòng: tối đa %(n)s dòng mỗi lần nhập. Hãy chia thành nhiều tệp.")
                    % {"n": f"{limits.rows:,}".replace(",", ".")},
                    limits.rows,
                )
            last_filled = len(out)
            out.append(cells)
        else:
            out.append(None)  # a blank row: kept as a marker so row numbers stay right
    return [r if r is not None else [] for r in out[: last_filled + 1]]


def _decode(raw: bytes) -> tuple[str, str]:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16"), "UTF-16"
    if b"\x00" in raw[:4096]:
        raise FileError(_("Tệp không phải bảng tính (Excel .xlsx hoặc CSV) mà là một tệp nhị phân."))
    if raw[:3] == b"\xef\xbb\xbf":
        return raw[3:].decode("utf-8", errors="replace"), "UTF-8 (BOM)"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1258 writes Vietnamese with combining tone marks; fields are NFC-normalised later.
        return raw.decode("cp1258"), "Windows-1258"
    except UnicodeDecodeError as e:
        raise FileError(_("Không nhận ra bảng mã của tệp CSV: hãy lưu lại dạng CSV UTF-8.")) from e


def _read_csv(raw: bytes, limits: Limits) -> Sheet:
    text, encoding = _decode(raw)
    if sum(1 for ch in text[:4096] if not ch.isprintable() and ch not in "\r\n\t") > 40:
        raise FileError(_("Tệp không phải bảng tính (Excel .xlsx hoặc CSV) mà là một tệp nhị phân."))
    sample = "\n".join(text.splitlines()[:50])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t"}
        dialect = type("Guessed", (csv.excel,), {"delimiter": max(counts, key=counts.get)})
    try:
        rows = _collect(
            (row[: limits.columns] for row in csv.reader(io.StringIO(text, newline=""), dialect)), limits
        )
    except csv.Error as e:
        raise FileError(_("Tệp CSV bị lỗi định dạng: %(error)s") % {"error": e}) from e
    return Sheet(rows=rows, kind="csv", encoding=encoding)
