"""Thông báo tài khoản for 10,000 accounts in one commune: the letter, the Phụ lục of 10,000
rows and 10,000 slips, as DOCX and as PDF (the worker's job for a province's letters).

Prints, from one run:
- the time of each format and of both (goal: both <= 60 s);
- the PDF's time divided by a floor written in the same run: the same words drawn with fpdf2's
  ``text()`` one line each, no layout, same fonts and pages (how much the layout costs);
- fpdf2's own line breaker (``multi_cell`` and ``table``) against ours on 300 of the slips,
  and fpdf2's scaled to 10,000: why safemap.paperwork breaks its own lines.

No database: the entries are built in memory, as accounts.importing.letters reads them.

Then the second goal, a province's Báo cáo kết quả at 300,000 facilities (goal: <= 10 s), which
needs the benchmarks' PostgreSQL database: ``_report_document.py``, run as its own process (its
settings are the database's, not the in-memory ones above). ``--slips-only`` skips it.

Usage: uv run python benchmarks/documents.py [accounts] [--slips-only]
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace as NS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safemap.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django  # noqa: E402

django.setup()

from accounts.importing.notice import account_notice_blocks  # noqa: E402
from safemap import paperwork as pw  # noqa: E402
from safemap.paperwork import layout as L  # noqa: E402

URL = "https://safemap.dienbien.gov.vn/dang-nhap/"


def entries(n):
    contacts = [
        NS(
            name="Phòng Kinh tế phường Mường Thanh",
            phone="0215.3.811.200",
            contact_name="Lò Thị Hoa",
            contact_mobile="0912 345 678",
            email="pkt.muongthanh@dienbien.gov.vn",
        )
    ]
    return [
        (
            NS(
                name=f"Công ty TNHH Thương mại và Dịch vụ Mường Thanh số {i}",
                tax_code=f"56001{i:05d}",
                address=f"Tổ dân phố {i % 40 + 1}, phường Mường Thanh, tỉnh Điện Biên",
            ),
            f"cs56001{i:05d}",
            f"k7p2-{i % 9973:04d}-x9qv-m3td",
            contacts,
        )
        for i in range(n)
    ]


def blocks(n):
    return list(
        account_notice_blocks(
            office=None, unit=NS(name="Phường Mường Thanh"), entries=entries(n), login_url=URL, period_days=14
        )
    )


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def write(writer_class, doc_blocks):
    with pw.gc_paused():  # as accounts.importing.letters.notice_files writes them
        w = writer_class(title="Thông báo tài khoản")
        for b in doc_blocks:
            w.add(b)
        return w.output()


def words_of(block):
    if isinstance(block, pw.Para):
        return [" ".join(r.text for r in block.parts)]
    if isinstance(block, pw.Table):
        return [" ".join(str(c) for c in row) for row in block.rows]
    if isinstance(block, pw.Title):
        return [block.kind, block.summary, block.note]
    return []


def floor(doc_blocks):
    """The same text, one line per paragraph or row, drawn with no layout at all."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.add_font(L.FONT_PDF, "", str(L.FONT_DIR / L.FONT_FILES[""]))
    pdf.set_font(L.FONT_PDF, "", 13)
    pdf.add_page()
    y = 20
    for b in doc_blocks:
        if isinstance(b, pw.PageBreak):
            pdf.add_page()
            y = 20
            continue
        for line in words_of(b):
            if y > 277:
                pdf.add_page()
                y = 20
            pdf.text(30, y, line[:120])
            y += 6
    return bytes(pdf.output())


def fpdf2_own(doc_blocks):
    """fpdf2's multi_cell for paragraphs and table() for tables, its general line breaker."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(unit="mm", format="A4")
    for style, name in L.FONT_FILES.items():
        pdf.add_font(L.FONT_PDF, style, str(L.FONT_DIR / name))
    pdf.set_margins(L.LEFT, L.TOP, L.RIGHT)
    pdf.set_font(L.FONT_PDF, "", 13)
    pdf.add_page()
    for b in doc_blocks:
        if isinstance(b, pw.PageBreak):
            pdf.add_page()
        elif isinstance(b, pw.Table):
            with pdf.table(
                col_widths=[c.width for c in b.columns], headings_style=FontFace(emphasis="BOLD")
            ) as t:
                for row in [[c.title for c in b.columns], *b.rows]:
                    r = t.row()
                    for cell in row:
                        r.cell(str(cell))
        else:
            for line in words_of(b):
                if line:
                    pdf.multi_cell(L.TEXT_W, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def main():
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    n = int(numbers[0]) if numbers else 10_000
    t_blocks, doc = timed(lambda: blocks(n))
    t_docx, docx = timed(lambda: write(pw.DocxWriter, doc))
    t_pdf, pdf = timed(lambda: write(pw.PdfWriter, doc))
    t_floor, _ = timed(lambda: floor(doc))
    sample = 300
    t_own_sample, _ = timed(lambda: fpdf2_own(blocks(sample)))
    t_ours_sample, _ = timed(lambda: write(pw.PdfWriter, blocks(sample)))
    total = t_blocks + t_docx + t_pdf
    print(f"accounts: {n:,}; blocks: {len(doc):,} (built in {t_blocks:.1f} s)")
    print(f"DOCX: {t_docx:.1f} s, {len(docx) / 1e6:.1f} MB")
    print(f"PDF:  {t_pdf:.1f} s, {len(pdf) / 1e6:.1f} MB")
    print(f"both: {total:.1f} s (goal <= 60 s): {'OK' if total <= 60 else 'MISSED'}")
    print(f"PDF / no-layout floor ({t_floor:.1f} s): {t_pdf / t_floor:.2f}")
    print(
        f"{sample} slips: fpdf2's own line breaker {t_own_sample:.1f} s, ours {t_ours_sample:.1f} s "
        f"(ratio {t_own_sample / t_ours_sample:.1f}); fpdf2's, scaled to {n:,}: {t_own_sample * n / sample:.0f} s"
    )
    if "--slips-only" not in sys.argv:
        print("\nBáo cáo kết quả at 300,000 facilities:")
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "_report_document.py")], check=True)


if __name__ == "__main__":
    main()
