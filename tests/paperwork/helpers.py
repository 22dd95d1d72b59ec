"""Reading back what the renderers wrote: python-docx for DOCX, pypdf for PDF."""

import io

from docx import Document as open_docx
from pypdf import PdfReader

A4 = (595.28, 841.89)  # points


def docx_of(content: bytes):
    return open_docx(io.BytesIO(content))


def docx_text(doc) -> str:
    """Every paragraph, including those in tables, in order."""
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)


def assert_docx_format(doc):
    """A4 portrait, the decree's margins, Times New Roman and no other font, page numbers from
    page 2 (a PAGE field in the header, none on the first page)."""
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    mm = {k: round(getattr(s, f"{k}_margin").mm, 1) for k in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25, mm
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20, mm
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs} - {None}
    assert fonts <= {"Times New Roman"}
    assert s.different_first_page_header_footer
    assert "PAGE" in s.header._element.xml
    assert not s.first_page_header.paragraphs or not s.first_page_header.paragraphs[0].text


def header_cells(doc) -> list[str]:
    """The four cells of the document's header table, top-left first."""
    table = doc.tables[0]
    return ["\n".join(p.text for p in c.paragraphs) for r in table.rows for c in r.cells]


def pdf_of(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def pdf_text(reader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def assert_pdf_format(reader):
    """Every page A4 portrait; every font embedded (a FontFile2 per font: the TTF subset)."""
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 0), round(float(box.height), 0)) == (round(A4[0]), round(A4[1]))
    fonts = pdf_fonts(reader)
    assert fonts and all(embedded for embedded in fonts.values()), fonts
    assert all("LiberationSerif" in name for name in fonts)


def pdf_fonts(reader) -> dict[str, bool]:
    """Base font name -> embedded, over the first pages."""
    out = {}
    for page in reader.pages[:5]:
        res = page.get("/Resources") or {}
        for font in (res.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont"))
            descendants = font.get("/DescendantFonts")
            desc = descendants[0].get_object()["/FontDescriptor"] if descendants else font["/FontDescriptor"]
            desc = desc.get_object()
            out[name] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out
