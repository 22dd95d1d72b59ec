"""Official documents in the format of Nghị định 30/2020/NĐ-CP, Phụ lục I, as DOCX and PDF.

A document is a list of blocks (``safemap.paperwork.blocks``), built by a plain function from
its data; one renderer per format turns any list of blocks into a file:

    from safemap import paperwork as pw

    doc = pw.Document(
        title="Đề xuất tạm dừng hoạt động",
        blocks=[
            pw.Header(parent="UBND TỈNH ĐIỆN BIÊN", issuer="SỞ CÔNG THƯƠNG", code="SCT-QLCN",
                      place="Điện Biên", date=None, year=2026,          # None: blank for the clerk
                      summary="V/v đề xuất tạm dừng hoạt động"),          # công văn only
            pw.Salutation(["Ủy ban nhân dân tỉnh Điện Biên"]),           # "Kính gửi: …"
            pw.P("Thực hiện …"),                                          # body paragraph
            pw.Heading("1. Mục đích"),
            pw.Para([pw.Run("Tên: ", bold=True), pw.Run("Công ty A")]),  # mixed styles
            pw.Table([pw.Column("STT", 12, "center"), pw.Column("Tên cơ sở", 60)], rows=[["1", "A"]]),
            pw.Closing(recipients=["Như trên", "Lưu: VT, QLCN"],
                       signers=[pw.Signer(["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Nguyễn Văn A")]),
            *pw.appendix_heading("DANH SÁCH …", "(Kèm theo Văn bản số …/SCT-QLCN)"),  # new page
            pw.Table(...),
        ],
    )
    pw.render_docx(doc) -> bytes      # python-docx: real paragraphs and tables, Times New Roman
    pw.render_pdf(doc) -> bytes       # fpdf2: Liberation Serif embedded, selectable text

Other blocks: ``Title(kind, summary, note)`` (the centred "BIÊN BẢN" / summary of a document
that is not a công văn), ``Pictures([(bytes, caption), …], width=mm)`` (thumbnails, a
signature), ``PageBreak()``, ``Centered(text)``. A ``Closing`` with no recipients and two
signers puts them side by side (a biên bản).

In a view: ``pw.document_download(doc, fmt="pdf", stem="de-xuat-12")`` (404 for another
format); ``pw.file_response(bytes, fmt=…, stem=…, private=True)`` for bytes already rendered.

For a document of thousands of pages, ``render_docx`` / ``render_pdf`` take
``progress=callable(n_blocks_done)``, or use ``DocxWriter`` / ``PdfWriter`` directly: ``add(block)``
one at a time, then ``output()``, inside ``with gc_paused():`` (render_* do it themselves). ``office_header(office, …)`` is not here: the Office records
live in ``accounts`` (``accounts.paperwork``), and this package imports no app.

Everything printed is in Vietnamese whatever the interface language: the callers build blocks
under ``translation.override("vi")``. Sizes and margins are in ``layout``, in one place.
"""

from .blocks import (
    Block,
    Centered,
    Closing,
    Column,
    Document,
    Header,
    Heading,
    P,
    PageBreak,
    Para,
    Pictures,
    Run,
    Salutation,
    Signer,
    Table,
    Title,
    appendix_heading,
)
from .http import FORMATS, document_download, file_response
from .layout import number_line, place_date
from .speed import gc_paused
from .to_docx import DocxWriter, render_docx
from .to_pdf import PdfWriter, render_pdf

__all__ = [
    "FORMATS",
    "document_download",
    "file_response",
    "gc_paused",
    "Block",
    "Centered",
    "Closing",
    "Column",
    "Document",
    "DocxWriter",
    "Header",
    "Heading",
    "P",
    "PageBreak",
    "Para",
    "PdfWriter",
    "Pictures",
    "Run",
    "Salutation",
    "Signer",
    "Table",
    "Title",
    "appendix_heading",
    "number_line",
    "place_date",
    "render_docx",
    "render_pdf",
]
