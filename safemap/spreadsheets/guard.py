"""The one formula guard for every spreadsheet SafeMap writes.

Excel, LibreOffice and Google Sheets start a formula (or a DDE payload) with any of
``FORMULA_STARTS``. The guard differs by format because the formats differ:

- XLSX: the value is written as a text cell (never a formula, whatever it starts with) with
  Excel's quote-prefix style, so that editing the cell later does not turn it into a formula
  either. Excel shows the text exactly as typed: no apostrophe in the cell.
- CSV: plain text has no way to mark a cell as text, so, as OWASP recommends, a leading
  apostrophe is added to a value that starts like a formula. Excel shows that apostrophe; the
  XLSX export is the one to use where it matters.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value):
    """A CSV field that no spreadsheet reads as a formula."""
    return "'" + value if looks_like_formula(value) else value


def guard_cell(cell):
    """Make an openpyxl cell holding a string plain text: openpyxl would write "=…" as a
    formula, and Excel would re-read "+84…" as one once the cell is edited."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell
