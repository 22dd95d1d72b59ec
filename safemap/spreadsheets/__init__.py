"""Spreadsheets in one place: the guarded reader every upload goes through, the writer every
export and download goes through, and the one formula guard they share. Project plumbing, so
every app may import it."""

from .downloads import FORMATS, table_download, write_table
from .guard import FORMULA_STARTS, csv_safe, guard_cell, looks_like_formula
from .reader import MAX_COLUMNS, FileError, Sheet, TooManyRows, read_file, read_upload
from .writer import (
    XLSX_TYPE,
    Column,
    csv_lines,
    export_filename,
    local_date,
    new_workbook,
    put,
    workbook_to_bytes,
    write_xlsx,
    xlsx_bytes,
)

__all__ = [
    "FORMATS",
    "table_download",
    "write_table",
    "FORMULA_STARTS",
    "MAX_COLUMNS",
    "XLSX_TYPE",
    "Column",
    "FileError",
    "Sheet",
    "TooManyRows",
    "csv_lines",
    "csv_safe",
    "export_filename",
    "guard_cell",
    "local_date",
    "looks_like_formula",
    "new_workbook",
    "put",
    "read_file",
    "read_upload",
    "workbook_to_bytes",
    "write_xlsx",
    "xlsx_bytes",
]
