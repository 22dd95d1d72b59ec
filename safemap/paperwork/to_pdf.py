"""The PDF renderer (fpdf2, pure Python: no system library). Liberation Serif is embedded
(subset), so the text is selectable and prints the same everywhere."""

import io

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace
from PIL import Image

from . import layout as L
from .blocks import Closing, Document, Header, PageBreak, Para, Pictures, Salutation, Signer, Table, Title

ALIGN = {"justify": Align.J, "left": Align.L, "center": Align.C, "right": Align.R}


class _Pdf(FPDF):
    def header(self):
        # Page numbers from page 2, centred in the top margin (Phụ lục I, mục 9).
        if self.page_no() > 1:
            self.set_font(L.FONT_PDF, "", L.SIZE_PAGE_NUMBER)
            self.set_xy(L.LEFT, 8)
            self.cell(L.TEXT_W, 6, str(self.page_no()), align="C")
            self.set_xy(L.LEFT, L.TOP)


def _lh(size: float) -> float:
    return size * L.PT * L.LINE


class PdfWriter:
    """One PDF being written; ``add`` takes blocks one at a time so a long document (a
    province's account slips) can report its progress as it goes."""

    def __init__(self, *, title: str = "", body_size: float = 14):
        pdf = _Pdf(orientation="P", unit="mm", format="A4")
        for style, name in L.FONT_FILES.items():
            pdf.add_font(L.FONT_PDF, style, str(L.FONT_DIR / name))
        pdf.set_margins(L.LEFT, L.TOP, L.RIGHT)
        pdf.set_auto_page_break(True, margin=L.BOTTOM)
        pdf.set_title(title)
        pdf.set_lang("vi")
        pdf.set_creator("SafeMap")
        pdf.add_page()
        self.pdf = pdf
        self.body = body_size

    # Helpers.

    def _font(self, size, bold=False, italic=False):
        self.pdf.set_font(L.FONT_PDF, ("B" if bold else "") + ("I" if italic else ""), size)

    def _line(self, x, w, text, size, *, bold=False, italic=False, align="C"):
        self._font(size, bold, italic)
        self.pdf.set_x(x)
        self.pdf.multi_cell(w, _lh(size), text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _rule(self, center_x, width, y):
        self.pdf.set_line_width(0.3)
        self.pdf.line(center_x - width / 2, y, center_x + width / 2, y)

    def _room(self, height):
        if self.pdf.get_y() + height > self.pdf.page_break_trigger:
            self.pdf.add_page()

    # Blocks.

    def add(self, block):
        getattr(self, "_" + type(block).__name__.lower())(block)

    def _header(self, h: Header):
        pdf = self.pdf
        top = pdf.get_y()
        lx, lw = L.LEFT, L.HEADER_LEFT_W
        rx, rw = L.LEFT + L.HEADER_LEFT_W, L.HEADER_RIGHT_W
        if h.parent:
            self._line(lx, lw, h.parent.upper(), L.SIZE_ORG)
        self._line(lx, lw, h.issuer.upper(), L.SIZE_ORG, bold=True)
        y = pdf.get_y() + 0.8
        issuer_w = min(L.text_width(h.issuer.upper(), L.SIZE_ORG, True), lw)
        self._rule(lx + lw / 2, max(issuer_w / 3, min(issuer_w / 2, 25)), y)
        left_end = y
        pdf.set_y(top)
        self._line(rx, rw, L.NATION, L.SIZE_NATION, bold=True)
        self._line(rx, rw, L.MOTTO, L.SIZE_MOTTO, bold=True)
        y = pdf.get_y() + 0.8
        self._rule(rx + rw / 2, L.text_width(L.MOTTO, L.SIZE_MOTTO, True), y)
        row2 = max(left_end, y) + 3
        pdf.set_y(row2)
        self._line(lx, lw, L.number_line(h.number, h.code), L.SIZE_NUMBER)
        if h.summary:
            self._line(lx, lw, h.summary, L.SIZE_SUMMARY)
        left_end = pdf.get_y()
        pdf.set_y(row2)
        self._line(rx, rw, L.place_date(h.place, h.date, h.year), L.SIZE_PLACE, italic=True)
        pdf.set_y(max(left_end, pdf.get_y()) + 6)

    def _title(self, t: Title):
        self._room(30)
        self._line(L.LEFT, L.TEXT_W, t.kind.upper(), L.SIZE_TITLE, bold=True)
        if t.summary:
            self._line(L.LEFT, L.TEXT_W, t.summary, L.SIZE_TITLE, bold=True)
            last = t.summary.splitlines()[-1] if t.summary else ""
            w = min(L.text_width(last, L.SIZE_TITLE, True), L.TEXT_W)
            self._rule(L.LEFT + L.TEXT_W / 2, max(w / 3, min(w / 2, 30)), self.pdf.get_y() + 0.8)
            self.pdf.ln(2)
        if t.note:
            self._line(L.LEFT, L.TEXT_W, t.note, L.SIZE_NUMBER, italic=True)
        self.pdf.ln(4)

    def _salutation(self, s: Salutation):
        size = L.SIZE_SALUTATION
        if len(s.to) == 1:
            self._line(L.LEFT, L.TEXT_W, f"Kính gửi: {s.to[0]}", size)
        else:
            self._line(L.LEFT + 20, L.TEXT_W - 20, "Kính gửi:", size, align="L")
            for i, name in enumerate(s.to):
                end = "." if i == len(s.to) - 1 else ";"
                self._line(L.LEFT + 45, L.TEXT_W - 45, f"- {name}{end}", size, align="L")
        self.pdf.ln(3)

    def _para(self, p: Para):
        size = p.size or self.body
        pdf = self.pdf
        if p.space_before:
            pdf.ln(p.space_before * L.PT)
        with (
            pdf.text_columns(text_align=ALIGN[p.align], line_height=L.LINE) as cols,
            cols.paragraph(
                first_line_indent=L.INDENT if p.indent else 0, bottom_margin=L.AFTER * L.PT
            ) as par,
        ):
            for run in p.parts:
                self._font(size, run.bold, run.italic)
                par.write(run.text)

    def _table(self, t: Table):
        pdf = self.pdf
        self._font(t.size)
        pdf.set_draw_color(0)
        with pdf.table(
            col_widths=[c.width for c in t.columns],
            width=sum(c.width for c in t.columns),
            align="L",
            text_align=tuple(c.align.upper() for c in t.columns),
            line_height=_lh(t.size),
            padding=(0.5, 1),
            repeat_headings=1,
            first_row_as_headings=True,
            headings_style=FontFace(emphasis="BOLD"),
        ) as table:
            head = table.row()
            for c in t.columns:
                head.cell(c.title, align="C")
            for values in t.rows:
                row = table.row()
                for v in values:
                    row.cell("" if v is None else str(v))
        pdf.ln(3)

    def _pictures(self, p: Pictures):
        if not p.images:
            return
        pdf = self.pdf
        per_row = max(1, int((L.TEXT_W + 4) // (p.width + 4)))
        for start in range(0, len(p.images), per_row):
            batch = p.images[start : start + per_row]
            heights = []
            for data, _caption in batch:
                with Image.open(io.BytesIO(data)) as im:
                    heights.append(p.width * im.height / max(1, im.width))
            self._room(max(heights) + 8)
            y = pdf.get_y()
            for i, (data, caption) in enumerate(batch):
                x = L.LEFT + i * (p.width + 4)
                pdf.image(io.BytesIO(data), x=x, y=y, w=p.width)
                if caption:
                    pdf.set_xy(x, y + heights[i] + 0.5)
                    self._font(10, italic=True)
                    pdf.multi_cell(p.width, _lh(10), caption, align="C")
            pdf.set_y(y + max(heights) + 9)

    def _signer(self, s: Signer, x, w):
        for line in s.capacity:
            self._line(x, w, line.upper(), L.SIZE_SIGNER, bold=True)
        if s.signature:
            with Image.open(io.BytesIO(s.signature)) as im:
                h = min(22, 50 * im.height / max(1, im.width))
            y = self.pdf.get_y() + 1
            self.pdf.image(
                io.BytesIO(s.signature), x=x + w / 2 - h * im.width / max(1, im.height) / 2, y=y, h=h
            )
            self.pdf.set_y(y + h + 1)
        else:
            self.pdf.ln(26)
        if s.name:
            self._line(x, w, s.name, L.SIZE_SIGNER, bold=True)

    def _closing(self, c: Closing):
        pdf = self.pdf
        self._room(60)
        top = pdf.get_y() + 2
        bottoms = []
        if c.recipients:
            lw = 80
            pdf.set_y(top)
            self._line(L.LEFT, lw, "Nơi nhận:", L.SIZE_RECIPIENTS_LABEL, bold=True, italic=True, align="L")
            for i, name in enumerate(c.recipients):
                end = "." if i == len(c.recipients) - 1 else ";"
                self._line(L.LEFT, lw, f"- {name}{end}", L.SIZE_RECIPIENTS, align="L")
            bottoms.append(pdf.get_y())
            slots = [(L.LEFT + lw, L.TEXT_W - lw)]
        else:
            n = max(1, len(c.signers))
            w = L.TEXT_W / n
            slots = [(L.LEFT + i * w, w) for i in range(n)]
            if n == 1:
                slots = [(L.LEFT + 80, L.TEXT_W - 80)]
        for signer, (x, w) in zip(c.signers, slots, strict=False):
            pdf.set_y(top)
            self._signer(signer, x, w)
            bottoms.append(pdf.get_y())
        pdf.set_y(max(bottoms, default=top) + 4)

    def _pagebreak(self, _b: PageBreak):
        self.pdf.add_page()

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def render_pdf(document: Document, *, progress=None) -> bytes:
    """The PDF of a document. ``progress(n)`` is called with the number of blocks written, every
    few hundred blocks."""
    writer = PdfWriter(title=document.title, body_size=document.body_size)
    for i, block in enumerate(document.blocks, start=1):
        writer.add(block)
        if progress and i % 200 == 0:
            progress(i)
    return writer.output()
