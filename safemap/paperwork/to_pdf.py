"""The PDF renderer (fpdf2, pure Python: no system library). Liberation Serif is embedded
(subset), so the text is selectable and prints the same everywhere.

Lines are broken here, not by fpdf2's multi_cell or table: with word widths cached (Vietnamese
repeats a small set of syllables) a province's ten thousand account slips lay out in seconds,
where fpdf2's general line breaker re-measures each line for every character it adds."""

import io
import re

from fpdf import FPDF
from PIL import Image

from . import layout as L
from .blocks import (
    Closing,
    Document,
    Header,
    PageBreak,
    Para,
    Pictures,
    Run,
    Salutation,
    Signer,
    Table,
    Title,
)

PAD_X, PAD_Y = 1.2, 0.8  # mm inside a table cell


class _Pdf(FPDF):
    def header(self):
        # Page numbers from page 2, centred in the top margin (Phụ lục I, mục 9).
        if self.page_no() > 1:
            self.set_font(L.FONT_PDF, "", L.SIZE_PAGE_NUMBER)
            text = str(self.page_no())
            self.text(L.LEFT + (L.TEXT_W - self.get_string_width(text)) / 2, 13, text)


def _lh(size: float) -> float:
    return size * L.PT * L.LINE


def _style(bold, italic) -> str:
    return ("B" if bold else "") + ("I" if italic else "")


class PdfWriter:
    """One PDF being written; ``add`` takes blocks one at a time so a long document (a
    province's account slips) can report its progress as it goes."""

    def __init__(self, *, title: str = "", body_size: float = 14):
        pdf = _Pdf(orientation="P", unit="mm", format="A4")
        for style, name in L.FONT_FILES.items():
            pdf.add_font(L.FONT_PDF, style, str(L.FONT_DIR / name))
        pdf.set_margins(L.LEFT, L.TOP, L.RIGHT)
        pdf.set_auto_page_break(False)  # page breaks are decided line by line below
        pdf.set_title(title)
        pdf.set_lang("vi")
        pdf.set_creator("SafeMap")
        pdf.set_line_width(0.2)
        pdf.add_page()
        self.pdf = pdf
        self.body = body_size
        self.bottom = L.PAGE_H - L.BOTTOM
        self._widths: dict = {}
        self._font_now = None

    # Measuring and breaking lines.

    def _font(self, style: str, size: float):
        if self._font_now != (style, size):
            self.pdf.set_font(L.FONT_PDF, style, size)
            self._font_now = (style, size)

    def _w(self, text: str, style: str, size: float) -> float:
        key = (text, style, size)
        w = self._widths.get(key)
        if w is None:
            self._font(style, size)
            w = self._widths[key] = self.pdf.get_string_width(text)
        return w

    def _words(self, parts, size):
        """Words as lists of (text, style, width) pieces: a run that starts mid-word (no space
        before it) joins the previous word."""
        words, glue = [], False
        for run in parts:
            style = _style(run.bold, run.italic)
            # Blanks left for the clerk ("Số:        /SCT") keep their width: the extra spaces
            # become no-break spaces glued to the next word.
            text = re.sub(r" {2,}", lambda m: " " + "\u00a0" * (len(m.group()) - 1), run.text)
            pieces = text.split(" ")
            for i, piece in enumerate(pieces):
                if not piece:
                    glue = False
                    continue
                seg = (piece, style, self._w(piece, style, size))
                if i == 0 and glue and words:
                    words[-1].append(seg)
                else:
                    words.append([seg])
                glue = True
            glue = not run.text.endswith(" ")
        return words

    def _split_long(self, word, avail, size):
        """A word wider than the line (a long address in a narrow cell): cut it by characters."""
        out, cur, cur_w = [], [], 0.0
        for text, style, _w in word:
            for ch in text:
                cw = self._w(ch, style, size)
                if cur and cur_w + cw > avail:
                    out.append(cur)
                    cur, cur_w = [], 0.0
                if cur and cur[-1][1] == style:
                    cur[-1] = (cur[-1][0] + ch, style, cur[-1][2] + cw)
                else:
                    cur.append((ch, style, cw))
                cur_w += cw
        if cur:
            out.append(cur)
        return out

    def _lines(self, parts, size, width, indent=0.0):
        space = self._w(" ", "", size)
        lines, line, line_w = [], [], 0.0
        avail = width - indent
        for word in self._words(parts, size):
            ww = sum(s[2] for s in word)
            chunks = self._split_long(word, avail, size) if ww > avail else [word]
            for chunk in chunks:
                cw = sum(s[2] for s in chunk)
                if line and line_w + space + cw > avail:
                    lines.append((line, line_w))
                    line, line_w, avail = [], 0.0, width
                line_w += (space if line else 0) + cw
                line.append((chunk, cw))
        if line or not lines:
            lines.append((line, line_w))
        return lines

    def _draw_line(self, x, y, width, size, line, line_w, align, last, indent=0.0):
        words = line
        if not words:
            return
        space = self._w(" ", "", size)
        baseline = y + (_lh(size) - size * L.PT) / 2 + size * L.PT * 0.8
        x += indent
        width -= indent
        if align == "justify" and not last and len(words) > 1:
            gap = space + (width - line_w) / (len(words) - 1)
            for chunk, cw in words:
                cx = x
                for text, style, w in chunk:
                    self._font(style, size)
                    self.pdf.text(cx, baseline, text)
                    cx += w
                x += cw + gap
            return
        if align == "center":
            x += (width - line_w) / 2
        elif align == "right":
            x += width - line_w
        # Words of one style in a row go out as one string.
        pieces = []
        for i, (chunk, _cw) in enumerate(words):
            for j, (text, style, w) in enumerate(chunk):
                lead = i > 0 and j == 0
                if pieces and pieces[-1][1] == style:
                    t, s, pw = pieces[-1]
                    pieces[-1] = (t + (" " if lead else "") + text, s, pw + (space if lead else 0) + w)
                else:
                    if lead:
                        x_gap = space
                        if pieces:
                            t, s, pw = pieces[-1]
                            pieces[-1] = (t, s, pw + x_gap)
                        else:
                            x += x_gap
                    pieces.append((text, style, w))
        for text, style, w in pieces:
            self._font(style, size)
            self.pdf.text(x, baseline, text)
            x += w

    def _text(self, x, width, parts, size, *, align="center", indent=0.0, y=None):
        """Lay out a paragraph at x with this width from y (or the current y), breaking pages;
        returns the y under it."""
        pdf = self.pdf
        y = pdf.get_y() if y is None else y
        lh = _lh(size)
        lines = self._lines(parts, size, width, indent)
        for i, (line, line_w) in enumerate(lines):
            if y + lh > self.bottom:
                pdf.add_page()
                self._font_now = None
                y = pdf.get_y()
            self._draw_line(
                x, y, width, size, line, line_w, align, i == len(lines) - 1, indent if i == 0 else 0
            )
            y += lh
        pdf.set_y(y)
        return y

    def _line(self, x, w, text, size, *, bold=False, italic=False, align="center"):
        return self._text(x, w, [Run(text, bold=bold, italic=italic)], size, align=align)

    def _rule(self, center_x, width, y):
        self.pdf.set_line_width(0.3)
        self.pdf.line(center_x - width / 2, y, center_x + width / 2, y)
        self.pdf.set_line_width(0.2)

    def _room(self, height):
        if self.pdf.get_y() + height > self.bottom:
            self.pdf.add_page()
            self._font_now = None

    def _gap(self, mm):
        self.pdf.set_y(self.pdf.get_y() + mm)

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
        y = self._line(lx, lw, h.issuer.upper(), L.SIZE_ORG, bold=True) + 0.8
        issuer_w = min(L.text_width(h.issuer.upper(), L.SIZE_ORG, True), lw)
        self._rule(lx + lw / 2, max(issuer_w / 3, min(issuer_w / 2, 25)), y)
        left_end = y
        pdf.set_y(top)
        self._line(rx, rw, L.NATION, L.SIZE_NATION, bold=True)
        y = self._line(rx, rw, L.MOTTO, L.SIZE_MOTTO, bold=True) + 0.8
        self._rule(rx + rw / 2, L.text_width(L.MOTTO, L.SIZE_MOTTO, True), y)
        row2 = max(left_end, y) + 3
        pdf.set_y(row2)
        self._line(lx, lw, L.number_line(h.number, h.code), L.SIZE_NUMBER)
        left_end = self._line(lx, lw, h.summary, L.SIZE_SUMMARY) if h.summary else pdf.get_y()
        pdf.set_y(row2)
        right_end = self._line(rx, rw, L.place_date(h.place, h.date, h.year), L.SIZE_PLACE, italic=True)
        pdf.set_y(max(left_end, right_end) + 6)

    def _title(self, t: Title):
        self._room(30)
        self._gap(2)
        self._line(L.LEFT, L.TEXT_W, t.kind.upper(), L.SIZE_TITLE, bold=True)
        if t.summary:
            y = self._line(L.LEFT, L.TEXT_W, t.summary, L.SIZE_TITLE, bold=True)
            w = min(L.text_width(t.summary.splitlines()[-1], L.SIZE_TITLE, True), L.TEXT_W)
            self._rule(L.LEFT + L.TEXT_W / 2, max(w / 3, min(w / 2, 30)), y + 0.8)
            self._gap(2)
        if t.note:
            self._line(L.LEFT, L.TEXT_W, t.note, L.SIZE_NUMBER, italic=True)
        self._gap(4)

    def _salutation(self, s: Salutation):
        size = L.SIZE_SALUTATION
        if len(s.to) == 1:
            self._line(L.LEFT, L.TEXT_W, f"Kính gửi: {s.to[0]}", size)
        else:
            self._line(L.LEFT + 20, L.TEXT_W - 20, "Kính gửi:", size, align="left")
            for i, name in enumerate(s.to):
                end = "." if i == len(s.to) - 1 else ";"
                self._line(L.LEFT + 45, L.TEXT_W - 45, f"- {name}{end}", size, align="left")
        self._gap(3)

    def _para(self, p: Para):
        size = p.size or self.body
        if p.space_before:
            self._gap(p.space_before * L.PT)
        self._text(L.LEFT, L.TEXT_W, p.parts, size, align=p.align, indent=L.INDENT if p.indent else 0)
        self._gap(L.AFTER * L.PT)

    def _row(self, x, y, widths, cells, size, *, bold=False, aligns=None, height=None):
        lh = _lh(size)
        wrapped = [
            self._lines([Run(text, bold=bold)], size, w - 2 * PAD_X) if text else []
            for text, w in zip(cells, widths, strict=False)
        ]
        h = height or max(len(lines) for lines in wrapped) * lh + 2 * PAD_Y
        cx = x
        for lines, w, i in zip(wrapped, widths, range(len(widths)), strict=False):
            self.pdf.rect(cx, y, w, h)
            align = "center" if bold else (aligns[i] if aligns else "left")
            for j, (line, line_w) in enumerate(lines):
                self._draw_line(
                    cx + PAD_X, y + PAD_Y + j * lh, w - 2 * PAD_X, size, line, line_w, align, True
                )
            cx += w
        return h

    def _row_height(self, widths, cells, size):
        n = max(
            (len(self._lines([Run(t)], size, w - 2 * PAD_X)) if t else 1)
            for t, w in zip(cells, widths, strict=False)
        )
        return n * _lh(size) + 2 * PAD_Y

    def _table(self, t: Table):
        pdf = self.pdf
        widths = [c.width for c in t.columns]
        aligns = [c.align for c in t.columns]
        heads = [c.title for c in t.columns]
        x = L.LEFT
        head_h = self._row_height(widths, heads, t.size)
        self._room(head_h + _lh(t.size) * 2)
        y = pdf.get_y()
        y += self._row(x, y, widths, heads, t.size, bold=True)
        for values in t.rows:
            cells = ["" if v is None else str(v) for v in values]
            h = self._row_height(widths, cells, t.size)
            if y + h > self.bottom:
                pdf.add_page()
                self._font_now = None
                y = pdf.get_y()
                y += self._row(x, y, widths, heads, t.size, bold=True)  # the header row again
            self._row(x, y, widths, cells, t.size, aligns=aligns, height=h)
            y += h
        pdf.set_y(y + 3)

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
            self._room(max(heights) + 10)
            y = pdf.get_y()
            for i, (data, caption) in enumerate(batch):
                x = L.LEFT + i * (p.width + 4)
                pdf.image(io.BytesIO(data), x=x, y=y, w=p.width)
                if caption:
                    self._text(x, p.width, [Run(caption, italic=True)], 10, y=y + heights[i] + 0.5)
            pdf.set_y(y + max(heights) + 10)

    def _signer(self, s: Signer, x, w):
        for line in s.capacity:
            self._line(x, w, line.upper(), L.SIZE_SIGNER, bold=True)
        if s.signature:
            with Image.open(io.BytesIO(s.signature)) as im:
                h = min(22, 50 * im.height / max(1, im.width))
                iw = h * im.width / max(1, im.height)
            y = self.pdf.get_y() + 1
            self.pdf.image(io.BytesIO(s.signature), x=x + (w - iw) / 2, y=y, h=h)
            self.pdf.set_y(y + h + 1)
        else:
            self._gap(26)
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
            self._line(L.LEFT, lw, "Nơi nhận:", L.SIZE_RECIPIENTS_LABEL, bold=True, italic=True, align="left")
            for i, name in enumerate(c.recipients):
                end = "." if i == len(c.recipients) - 1 else ";"
                self._line(L.LEFT, lw, f"- {name}{end}", L.SIZE_RECIPIENTS, align="left")
            bottoms.append(pdf.get_y())
            slots = [(L.LEFT + lw, L.TEXT_W - lw)]
        elif len(c.signers) > 1:
            w = L.TEXT_W / len(c.signers)
            slots = [(L.LEFT + i * w, w) for i in range(len(c.signers))]
        else:
            slots = [(L.LEFT + 80, L.TEXT_W - 80)]
        for signer, (x, w) in zip(c.signers, slots, strict=False):
            pdf.set_y(top)
            self._signer(signer, x, w)
            bottoms.append(pdf.get_y())
        pdf.set_y(max(bottoms, default=top) + 4)

    def _pagebreak(self, _b: PageBreak):
        self.pdf.add_page()
        self._font_now = None

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
