"""The DOCX renderer (python-docx): real paragraphs and tables only, so the office can edit,
number and sign the file in Word or LibreOffice. Fonts are named, not embedded: Times New
Roman, which every office has (LibreOffice maps it to Liberation Serif, same metrics)."""

import io
import re
import zipfile
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from PIL import Image

from . import layout as L
from .blocks import Closing, Document, Header, PageBreak, Para, Pictures, Salutation, Signer, Table, Title

ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


MARK = "\u2063SAFEMAP-CHUNK\u2063"  # invisible separator: no real text contains it
_MARKED = re.compile("<w:p>(?:(?!</w:p>).)*?" + MARK + r"(\d+)" + MARK + ".*?</w:p>", re.S)
JC = {"justify": "both", "left": "left", "center": "center", "right": "right"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _tw(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def _t(text: str) -> str:
    """A run's text as WordprocessingML: escaped, control characters dropped, lines broken."""
    text = escape(_CONTROL.sub("", text))
    return '</w:t><w:br/><w:t xml:space="preserve">'.join(text.split("\n"))


def _run_xml(text, *, bold=False, italic=False, size=None) -> str:
    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if size:
        half = round(size * 2)
        rpr += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_t(text)}</w:t></w:r>'


def _p_xml(runs="", *, align="left", first=0.0, after=0, before=0, line=None, keep=False, border=None) -> str:
    """A paragraph: ``first`` indent and ``border`` side indents in mm, spacing in points."""
    ppr = "<w:keepNext/>" if keep else ""
    if border is not None:
        ppr += '<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    if after or before or line:
        ppr += "<w:spacing"
        ppr += f' w:before="{round(before * 20)}"' if before else ""
        ppr += f' w:after="{round(after * 20)}"' if after else ""
        ppr += f' w:line="{round(line * 240)}" w:lineRule="auto"' if line else ""
        ppr += "/>"
    if first or border:
        side = f' w:left="{_tw(border)}" w:right="{_tw(border)}"' if border else ""
        first_line = f' w:firstLine="{_tw(first)}"' if first else ""
        ppr += f"<w:ind{side}{first_line}/>"
    ppr += f'<w:jc w:val="{JC[align]}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


def _set_font(style_or_run_font, size=None):
    font = style_or_run_font
    font.name = L.FONT_WORD
    rpr = font.element.get_or_add_rPr() if hasattr(font, "element") else None
    if rpr is not None:
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), L.FONT_WORD)
    if size:
        font.size = Pt(size)


def _border(paragraph, side: str):
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        edge.set(qn(k), v)
    bdr.append(edge)
    ppr.append(bdr)


def _page_field(paragraph):
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _widths(table, widths_mm):
    table.autofit = False
    for col, w in zip(table.columns, widths_mm, strict=False):
        col.width = Mm(w)
        for cell in col.cells:
            cell.width = Mm(w)


class DocxWriter:
    """One DOCX being written, a block at a time (see PdfWriter)."""

    def __init__(self, *, title: str = "", body_size: float = 14):
        doc = new_docx()
        section = doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(L.PAGE_W), Mm(L.PAGE_H)
        section.top_margin, section.bottom_margin = Mm(L.TOP), Mm(L.BOTTOM)
        section.left_margin, section.right_margin = Mm(L.LEFT), Mm(L.RIGHT)
        section.header_distance = Mm(8)
        # Page numbers from page 2: the first page's header stays empty.
        section.different_first_page_header_footer = True
        number = section.header.paragraphs[0]
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(number)
        normal = doc.styles["Normal"]
        _set_font(normal.font, body_size)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "vi-VN")
        normal.element.get_or_add_rPr().append(lang)
        for name in ("Header", "Table Grid"):
            _set_font(doc.styles[name].font)
        doc.styles["Header"].font.size = Pt(L.SIZE_PAGE_NUMBER)
        doc.core_properties.title = title
        doc.core_properties.language = "vi-VN"
        doc.core_properties.author = "SafeMap"
        # python-docx's template starts with one empty paragraph; the first block replaces it.
        body = doc.element.body
        for p in body.findall(qn("w:p")):
            body.remove(p)
        self.doc = doc
        self.body = body_size
        self._buf: list[str] = []
        self._chunks: list[str] = []

    # Helpers.

    def _p(self, container, text="", size=None, *, bold=False, italic=False, align="center"):
        p = container.add_paragraph()
        p.alignment = ALIGN[align]
        if text:
            run = p.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            if size and size != self.body:
                run.font.size = Pt(size)
        return p

    def _rule(self, container, width_mm, box_mm):
        p = container.add_paragraph()
        side = max(0.0, (box_mm - width_mm) / 2)
        p.paragraph_format.left_indent = Mm(side)
        p.paragraph_format.right_indent = Mm(side)
        run = p.add_run()
        run.font.size = Pt(2)
        _border(p, "top")
        return p

    def _grid(self, cols_mm):
        table = self.doc.add_table(rows=1, cols=len(cols_mm))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(table, cols_mm)
        return table

    @staticmethod
    def _first(cell):
        """A new cell has one empty paragraph: use it for the first line."""
        p = cell.paragraphs[0]
        p._p.getparent().remove(p._p)
        return cell

    # Blocks.

    def add(self, block):
        getattr(self, "_" + type(block).__name__.lower())(block)

    def _header(self, h: Header):
        self._flush()
        table = self._grid([L.HEADER_LEFT_W, L.HEADER_RIGHT_W])
        table.add_row()
        (left, right), (num, place) = (r.cells for r in table.rows)
        for cell in (left, right, num, place):
            self._first(cell)
        if h.parent:
            self._p(left, h.parent.upper(), L.SIZE_ORG)
        self._p(left, h.issuer.upper(), L.SIZE_ORG, bold=True)
        issuer_w = min(L.text_width(h.issuer.upper(), L.SIZE_ORG, True), L.HEADER_LEFT_W)
        self._rule(left, max(issuer_w / 3, min(issuer_w / 2, 25)), L.HEADER_LEFT_W)
        self._p(right, L.NATION, L.SIZE_NATION, bold=True)
        self._p(right, L.MOTTO, L.SIZE_MOTTO, bold=True)
        self._rule(right, L.text_width(L.MOTTO, L.SIZE_MOTTO, True), L.HEADER_RIGHT_W)
        self._p(num, L.number_line(h.number, h.code), L.SIZE_NUMBER)
        if h.summary:
            self._p(num, h.summary, L.SIZE_SUMMARY)
        self._p(place, L.place_date(h.place, h.date, h.year), L.SIZE_PLACE, italic=True)
        self._p(self.doc, "", 6)

    # Blocks written as WordprocessingML text and parsed in batches: python-docx's object API
    # costs a few milliseconds a paragraph, too slow for ten thousand slips.

    def _xml(self, xml: str):
        self._buf.append(xml)
        if len(self._buf) >= 2000:
            self._flush()

    def _flush(self):
        """Leave a marker paragraph where the buffered blocks go; ``output`` puts their XML in
        its place in the saved file (moving parsed nodes into python-docx's tree is quadratic)."""
        if not self._buf:
            return
        self.doc.add_paragraph(f"{MARK}{len(self._chunks)}{MARK}")
        self._chunks.append("".join(self._buf))
        self._buf = []

    def _size(self, size):
        return size if size and size != self.body else None

    def _rule_xml(self, width_mm, box_mm) -> str:
        side = max(0.0, (box_mm - width_mm) / 2)
        return _p_xml('<w:r><w:rPr><w:sz w:val="4"/></w:rPr></w:r>', align="center", border=side)

    def _title(self, t: Title):
        size = self._size(L.SIZE_TITLE)
        xml = _p_xml(_run_xml(t.kind.upper(), bold=True, size=size), align="center", before=6, keep=True)
        if t.summary:
            xml += _p_xml(_run_xml(t.summary, bold=True, size=size), align="center", keep=True)
            w = min(L.text_width(t.summary.splitlines()[-1], L.SIZE_TITLE, True), L.TEXT_W)
            xml += self._rule_xml(max(w / 3, min(w / 2, 30)), L.TEXT_W)
        if t.note:
            xml += _p_xml(_run_xml(t.note, italic=True, size=self._size(L.SIZE_NUMBER)), align="center")
        xml += _p_xml(_run_xml("", size=6))
        self._xml(xml)

    def _salutation(self, s: Salutation):
        self._flush()
        size = L.SIZE_SALUTATION
        if len(s.to) == 1:
            self._p(self.doc, f"Kính gửi: {s.to[0]}", size).paragraph_format.space_after = Pt(6)
            return
        self._p(self.doc, "Kính gửi:", size, align="left").paragraph_format.left_indent = Mm(20)
        for i, name in enumerate(s.to):
            end = "." if i == len(s.to) - 1 else ";"
            p = self._p(self.doc, f"- {name}{end}", size, align="left")
            p.paragraph_format.left_indent = Mm(45)
        self.doc.paragraphs[-1].paragraph_format.space_after = Pt(6)

    def _para(self, para: Para):
        size = self._size(para.size)
        runs = "".join(_run_xml(r.text, bold=r.bold, italic=r.italic, size=size) for r in para.parts)
        self._xml(
            _p_xml(
                runs,
                align=para.align,
                first=L.INDENT if para.indent else 0,
                after=L.AFTER,
                before=para.space_before,
                line=L.LINE,
            )
        )

    def _table(self, t: Table):
        size = t.size
        grid = "".join(f'<w:gridCol w:w="{_tw(c.width)}"/>' for c in t.columns)
        widths = [f'<w:tcPr><w:tcW w:w="{_tw(c.width)}" w:type="dxa"/></w:tcPr>' for c in t.columns]
        parts = [
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>",
            '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>',
        ]
        for c, w in zip(t.columns, widths, strict=False):
            parts.append(f"<w:tc>{w}{_p_xml(_run_xml(c.title, bold=True, size=size), align='center')}</w:tc>")
        parts.append("</w:tr>")
        aligns = [c.align for c in t.columns]
        for values in t.rows:
            parts.append("<w:tr>")
            for v, w, a in zip(values, widths, aligns, strict=False):
                text = "" if v is None else str(v)
                parts.append(f"<w:tc>{w}{_p_xml(_run_xml(text, size=size), align=a)}</w:tc>")
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        parts.append(_p_xml(_run_xml("", size=6)))
        self._xml("".join(parts))

    def _pictures(self, pics: Pictures):
        if not pics.images:
            return
        self._flush()
        per_row = max(1, int((L.TEXT_W + 4) // (pics.width + 4)))
        for start in range(0, len(pics.images), per_row):
            batch = pics.images[start : start + per_row]
            table = self._grid([L.TEXT_W / per_row] * per_row)
            for cell, (data, caption) in zip(table.rows[0].cells, batch, strict=False):
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.add_run().add_picture(io.BytesIO(data), width=Mm(pics.width))
                if caption:
                    self._p(cell, caption, 10, italic=True)
        self._p(self.doc, "", 6)

    def _signer(self, cell, s: Signer):
        for line in s.capacity:
            self._p(cell, line.upper(), L.SIZE_SIGNER, bold=True)
        if s.signature:
            with Image.open(io.BytesIO(s.signature)) as im:
                h = min(22, 50 * im.height / max(1, im.width))
            p = self._p(cell)
            p.add_run().add_picture(io.BytesIO(s.signature), height=Mm(h))
        else:
            for _ in range(4):
                self._p(cell)
        if s.name:
            self._p(cell, s.name, L.SIZE_SIGNER, bold=True)

    def _closing(self, c: Closing):
        self._flush()
        if c.recipients or len(c.signers) < 2:
            table = self._grid([80, L.TEXT_W - 80])
            left, right = table.rows[0].cells
            self._first(left)
            self._first(right)
            if c.recipients:
                self._p(left, "Nơi nhận:", L.SIZE_RECIPIENTS_LABEL, bold=True, italic=True, align="left")
                for i, name in enumerate(c.recipients):
                    end = "." if i == len(c.recipients) - 1 else ";"
                    self._p(left, f"- {name}{end}", L.SIZE_RECIPIENTS, align="left")
            else:
                self._p(left)
            for s in c.signers:
                self._signer(right, s)
            if not c.signers:
                self._p(right)
        else:
            n = len(c.signers)
            table = self._grid([L.TEXT_W / n] * n)
            for cell, s in zip(table.rows[0].cells, c.signers, strict=False):
                self._first(cell)
                self._signer(cell, s)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        self._p(self.doc, "", 6)

    def _pagebreak(self, _b: PageBreak):
        self._xml('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def output(self) -> bytes:
        self._flush()
        saved = io.BytesIO()
        self.doc.save(saved)
        if not self._chunks:
            return saved.getvalue()
        chunks = self._chunks
        out = io.BytesIO()
        with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "word/document.xml":
                    text = _MARKED.sub(lambda m: chunks[int(m.group(1))], data.decode("utf-8"))
                    data = text.encode("utf-8")
                dst.writestr(item, data)
        return out.getvalue()


def render_docx(document: Document, *, progress=None) -> bytes:
    """The DOCX of a document; ``progress`` as for render_pdf."""
    writer = DocxWriter(title=document.title, body_size=document.body_size)
    for i, block in enumerate(document.blocks, start=1):
        writer.add(block)
        if progress and i % 200 == 0:
            progress(i)
    return writer.output()
