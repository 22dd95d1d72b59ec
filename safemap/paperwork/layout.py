"""What Nghị định 30/2020/NĐ-CP, Phụ lục I fixes for every document, shared by both renderers:
A4 portrait, the margins, the type sizes of each block, and the fixed wording of the header."""

from datetime import date
from functools import lru_cache
from pathlib import Path

PAGE_W, PAGE_H = 210.0, 297.0  # mm
TOP, BOTTOM, LEFT, RIGHT = 20.0, 20.0, 30.0, 15.0  # mm: 20–25, 20–25, 30–35, 15–20
TEXT_W = PAGE_W - LEFT - RIGHT
HEADER_LEFT_W = 65.0  # mm: the issuing office's column; the right one holds the Quốc hiệu on one line
HEADER_RIGHT_W = TEXT_W - HEADER_LEFT_W

FONT_WORD = "Times New Roman"  # what the DOCX names: Word and LibreOffice have it or its metric twin
FONT_PDF = "LiberationSerif"  # what the PDF embeds: Times New Roman's metrics, SIL OFL
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Points, per block (the decree gives ranges; these are in them).
SIZE_ORG = 13  # cơ quan chủ quản, cơ quan ban hành: 12–13
SIZE_NATION = 12  # Quốc hiệu: 12–13 (12 keeps it on one line beside the office)
SIZE_MOTTO = 14  # Tiêu ngữ: 13–14
SIZE_NUMBER = 13  # Số, ký hiệu: 13
SIZE_PLACE = 14  # địa danh, ngày tháng: 13–14
SIZE_SUMMARY = 13  # V/v: 12–13
SIZE_TITLE = 14  # tên loại, trích yếu: 13–14
SIZE_SALUTATION = 14
SIZE_RECIPIENTS_LABEL = 12  # "Nơi nhận:": 12, bold italic
SIZE_RECIPIENTS = 11  # the list: 11
SIZE_SIGNER = 14  # capacity and name: 13–14, bold
SIZE_PAGE_NUMBER = 13  # 13–14, centred in the top margin, from page 2
LINE = 1.2  # line spacing, in lines (the decree: single to 1.5)
AFTER = 6  # points after a body paragraph (at least 6)
INDENT = 12.7  # mm, first line of a body paragraph (1–1.27 cm)

PT = 25.4 / 72  # mm per point


def place_date(place: str, day: date | None, year: int | None = None) -> str:
    """ "Điện Biên, ngày 05 tháng 02 năm 2021": a day under 10 and the months 1 and 2 take a
    leading zero (the decree's rule); with no date, blanks for the clerk to fill."""
    prefix = f"{place}, " if place else ""
    if day is None:
        return f"{prefix}ngày      tháng      năm {year or date.today().year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{prefix}ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(number: str, code: str) -> str:
    """ "Số: 12/SCT-QLCN", or "Số:        /SCT-QLCN" when the clerk numbers it. A number that
    already carries its code ("12/SCT-QLCN") is printed as it is."""
    if "/" in number:
        return f"Số: {number}"
    number = number or "       "
    return f"Số: {number}/{code}" if code else f"Số: {number}"


@lru_cache(maxsize=1)
def _measurer():
    from fpdf import FPDF

    pdf = FPDF(unit="mm")
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT_PDF, style, str(FONT_DIR / name))
    return pdf


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in mm of one line of text: the rules under the office's name and the motto are
    drawn to it, the same in both formats."""
    pdf = _measurer()
    pdf.set_font(FONT_PDF, "B" if bold else "", size)
    return pdf.get_string_width(text)
