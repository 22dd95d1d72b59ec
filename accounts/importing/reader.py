"""The bulk import's limits on the shared spreadsheet reader (``safemap.spreadsheets``)."""

from django.conf import settings

from safemap.spreadsheets import FileError, Sheet
from safemap.spreadsheets import read_file as read_spreadsheet

__all__ = ["FileError", "Sheet", "read_file"]
TITLE_AND_FOOTER_ROWS = 100


def read_file(raw: bytes, name: str = "") -> Sheet:
    return read_spreadsheet(raw, max_rows=settings.IMPORT_MAX_ROWS, slack_rows=TITLE_AND_FOOTER_ROWS)
