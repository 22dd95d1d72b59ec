"""The document core: any list of blocks comes out as a DOCX and a PDF in the decree's format."""

import datetime as dt

from safemap import paperwork as pw

from .helpers import (
    assert_docx_format,
    assert_pdf_format,
    docx_of,
    docx_text,
    header_cells,
    pdf_of,
    pdf_text,
)

ROWS = [[str(i), f"Cơ sở Mường Thanh số {i}", "Phường Mường Thanh"] for i in range(1, 81)]


def letter(day=None):
    return pw.Document(
        title="Thử",
        blocks=[
            pw.Header(
                parent="UBND tỉnh Điện Biên",
                issuer="Sở Công Thương",
                code="SCT-QLCN",
                place="Điện Biên",
                date=day,
                year=2026,
                summary="V/v thử văn bản",
            ),
            pw.Salutation(["Ủy ban nhân dân tỉnh Điện Biên."]),
            pw.P("Thực hiện chỉ đạo của Bộ trưởng Bộ Công Thương về phòng, chống dịch;"),
            pw.Closing(
                recipients=["Như trên", "Lưu: VT, QLCN"],
                signers=[pw.Signer(["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Lò Văn Phúc")],
            ),
            *pw.appendix_heading("DANH SÁCH CƠ SỞ", "(Kèm theo Văn bản số      /SCT-QLCN)"),
            pw.Table(
                [pw.Column("STT", 12, "center"), pw.Column("Tên cơ sở", 90), pw.Column("Địa bàn", 60)], ROWS
            ),
        ],
    )


def test_docx_has_the_header_blocks_in_their_cells_and_every_table_row():
    doc = docx_of(pw.render_docx(letter()))
    assert_docx_format(doc)
    left, right, number, place = header_cells(doc)
    assert left == "UBND TỈNH ĐIỆN BIÊN\nSỞ CÔNG THƯƠNG\n"
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert number == "Số:        /SCT-QLCN\nV/v thử văn bản"
    assert place == "Điện Biên, ngày      tháng      năm 2026"
    place_run = doc.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert place_run.italic
    issuer_run = doc.tables[0].rows[0].cells[0].paragraphs[1].runs[0]
    assert issuer_run.bold
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Tên cơ sở", "Địa bàn"]
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == ROWS
    assert "tblHeader" in table.rows[0]._tr.xml  # the header row repeats on every page
    text = docx_text(doc)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Điện Biên." in text
    assert "Nơi nhận:\n- Như trên;\n- Lưu: VT, QLCN." in text
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in text and "Lò Văn Phúc" in text


def test_a_dated_document_prints_the_day_and_the_early_months_with_a_leading_zero():
    doc = docx_of(pw.render_docx(letter(dt.date(2021, 2, 5))))
    assert header_cells(doc)[3] == "Điện Biên, ngày 05 tháng 02 năm 2021"
    assert pw.place_date("Điện Biên", dt.date(2021, 9, 20)) == "Điện Biên, ngày 20 tháng 9 năm 2021"


def test_pdf_is_a4_with_embedded_fonts_selectable_vietnamese_text_and_numbers_from_page_two():
    reader = pdf_of(pw.render_pdf(letter()))
    assert_pdf_format(reader)
    assert len(reader.pages) >= 3
    first, second = reader.pages[0].extract_text(), reader.pages[1].extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Số: /SCT-QLCN" in " ".join(first.split())
    assert not first.strip().startswith("1")
    assert second.strip().startswith("2")
    text = pdf_text(reader)
    assert "PHỤ LỤC" in text and "Cơ sở Mường Thanh số 80" in text
    assert reader.metadata.title == "Thử"


def test_pictures_and_two_signers_side_by_side_render_in_both_formats():
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.new("RGB", (80, 40), "navy").save(buf, "PNG")
    doc = pw.Document(
        blocks=[
            pw.Header(issuer="Sở Công Thương", code="BB-SCT", place="Điện Biên", year=2026),
            pw.Title("BIÊN BẢN", "Kiểm tra thực tế"),
            pw.Pictures([(buf.getvalue(), "Ảnh 1")]),
            pw.Closing(signers=[pw.Signer(["Đại diện cơ sở"], "A"), pw.Signer(["Đoàn kiểm tra"], "B")]),
        ]
    )
    d = docx_of(pw.render_docx(doc))
    assert len(d.inline_shapes) == 1
    assert [c.paragraphs[0].text for c in d.tables[-1].rows[0].cells] == ["ĐẠI DIỆN CƠ SỞ", "ĐOÀN KIỂM TRA"]
    text = pdf_text(pdf_of(pw.render_pdf(doc)))
    assert "BIÊN BẢN" in text and "ĐẠI DIỆN CƠ SỞ" in text and "Ảnh 1" in text


def test_a_line_break_in_a_table_cell_starts_a_new_line_in_both_formats():
    doc = pw.Document(
        blocks=[pw.Table([pw.Column("Tên cơ sở, địa chỉ", 80)], [["Chợ Mường Thanh\nSố 1, đường Thứ"]])]
    )
    assert "Chợ Mường Thanh\nSố 1, đường Thứ" in pdf_text(pdf_of(pw.render_pdf(doc)))
    cell = docx_of(pw.render_docx(doc)).tables[0].rows[1].cells[0]
    assert cell.text == "Chợ Mường Thanh\nSố 1, đường Thứ"


def test_control_characters_and_the_chunk_marker_in_a_name_cannot_break_or_forge_the_docx():
    from safemap.paperwork.to_docx import MARK

    name = f"Cơ sở\x0b A{MARK}0{MARK}"
    doc = pw.Document(
        blocks=[
            pw.Header(issuer=name, code="SCT"),
            pw.P(f"Tên: {name}"),
            pw.Closing(recipients=[name], signers=[pw.Signer(["GIÁM ĐỐC"], name)]),
        ]
    )
    d = docx_of(pw.render_docx(doc))
    text = docx_text(d)
    assert MARK not in text
    assert text.count("Tên: Cơ sở ASAFEMAP-CHUNK0SAFEMAP-CHUNK") == 1  # kept as text, not a chunk
    assert d.tables[0].rows[0].cells[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
