"""Phiếu tự đánh giá, Biên bản kiểm tra thực tế and Yêu cầu khắc phục as documents
(safemap.paperwork blocks; the views send them as DOCX or PDF). Always in Vietnamese."""

from django.core.files.storage import default_storage
from django.utils import timezone, translation

from accounts.paperwork import issuing_office, office_closing, office_header, office_signer
from accounts.text import without_unit_prefix
from checklists.scoring import Kind
from safemap import paperwork as pw

from .selectors import assessment_sections

ITEM_COLUMNS = [
    pw.Column("Mã", 14, "center"),
    pw.Column("Nội dung", 83),
    pw.Column("Đánh giá", 30, "center"),
    pw.Column("Ghi chú", 38),
]
THUMB_MM = 36
MAX_PHOTOS = 60  # thumbnails in one document: the record page keeps the rest


def _read(field) -> bytes | None:
    if not field:
        return None
    try:
        with default_storage.open(field.name, "rb") as fh:
            return fh.read()
    except (FileNotFoundError, OSError):
        return None


def _when(value) -> str:
    return timezone.localtime(value).strftime("%H:%M ngày %d/%m/%Y") if value else ""


def _day(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def _answer(item, risk: bool) -> str:
    a = item.answer
    if risk:
        return f"{a.option.text} ({a.option.points} điểm)" if a and a.option_id else "Chưa trả lời"
    return "Đáp ứng" if a and a.met else "Không đáp ứng"


def _result(assessment, risk: bool) -> str:
    score = f"{assessment.score:.1f}".replace(".", ",") if assessment.score is not None else "—"
    level = assessment.get_level_display()
    if risk:
        return f"{level}, chỉ số nguy cơ {score} %" + (f" ({assessment.band})" if assessment.band else "")
    return f"{level}, mức đáp ứng {score} %"


def _items_blocks(assessment, sections, risk: bool) -> list:
    blocks, photos = [], []
    for section, items in sections:
        blocks.append(pw.Heading(section.title, indent=False))
        rows = []
        for item in items:
            text = item.text + (" (bắt buộc)" if getattr(item, "critical", False) else "")
            note = item.answer.note if item.answer and item.answer.note else ""
            rows.append([item.code, text, _answer(item, risk), note])
            photos += [(p, item.code) for p in item.photo_list]
        blocks.append(pw.Table(ITEM_COLUMNS, rows, size=11))
    images = []
    for photo, code in photos[:MAX_PHOTOS]:
        data = _read(photo.thumbnail)
        if data:
            images.append((data, f"Ảnh tiêu chí {code}"))
    if images:
        blocks.append(pw.Heading("Ảnh minh chứng", indent=False))
        blocks.append(pw.Pictures(images, width=THUMB_MM))
        if len(photos) > MAX_PHOTOS:
            blocks.append(pw.P(f"(Còn {len(photos) - MAX_PHOTOS} ảnh khác, xem trên hệ thống.)", italic=True))
    return blocks


def _facts(rows) -> pw.Table:
    return pw.Table([pw.Column("Thông tin", 45), pw.Column("Nội dung", 120)], rows, size=12)


def _signature_lines(assessment) -> list:
    return [
        pw.P(f"Ký xác nhận lúc {_when(assessment.signed_at)}.", indent=False, size=12, align="left"),
        pw.P(f"Mã kiểm tra toàn vẹn (SHA-256): {assessment.digest}", indent=False, size=11, align="left"),
    ]


def self_assessment_document(assessment) -> pw.Document:
    """Phiếu tự đánh giá: items, answers, notes, photo thumbnails, the signature image, the
    digest and the time signed. Issued by the facility itself."""
    with translation.override("vi"):
        facility = assessment.facility
        risk = assessment.version.scoring == Kind.RISK
        sections = assessment_sections(assessment)
        place = without_unit_prefix(facility.unit.province.name)
        blocks = [
            pw.Header(
                issuer=facility.name,
                place=place,
                date=timezone.localdate(assessment.signed_at) if assessment.signed_at else None,
                year=timezone.localdate().year,
            ),
            pw.Title("PHIẾU TỰ ĐÁNH GIÁ", "An toàn phòng, chống dịch COVID-19"),
            _facts(
                [
                    ["Cơ sở", facility.name],
                    ["Mã số thuế", facility.tax_code],
                    ["Địa chỉ", facility.address],
                    ["Bộ câu hỏi", f"{assessment.template.name} (phiên bản {assessment.version.number})"],
                    ["Kết quả", _result(assessment, risk)],
                    ["Ký xác nhận lúc", _when(assessment.signed_at)],
                ]
            ),
            *_items_blocks(assessment, sections, risk),
            pw.Closing(
                signers=[
                    pw.Signer(
                        [
                            "NGƯỜI THỰC HIỆN ĐÁNH GIÁ",
                            *([assessment.signer_position] if assessment.signer_position else []),
                        ],
                        assessment.signer_name,
                        signature=_read(assessment.signature),
                    )
                ]
            ),
            *_signature_lines(assessment),
        ]
        return pw.Document(blocks, title=f"Phiếu tự đánh giá — {facility.name}")


def inspection_document(inspection) -> pw.Document:
    """Biên bản kiểm tra thực tế: what the officer found, item by item, the items the facility
    claimed met and were not, signed by the inspector; the facility's representative signs the
    printed copy."""
    with translation.override("vi"):
        facility = inspection.facility
        risk = inspection.version.scoring == Kind.RISK
        sections = assessment_sections(inspection)
        inspector = inspection.signed_by
        office = issuing_office(getattr(inspector, "office", None), facility.unit)
        discrepancies = inspection.discrepancy_ids()
        found = [item for _s, items in sections for item in items if item.id in discrepancies]
        basis = inspection.based_on
        where = facility.address or facility.unit.name
        who = (inspector.display_name if inspector else "") or inspection.signer_name
        blocks = [
            office_header(
                office, date=timezone.localdate(inspection.signed_at) if inspection.signed_at else None
            ),
            pw.Title("BIÊN BẢN", "Kiểm tra thực tế an toàn phòng, chống dịch COVID-19"),
            pw.P(
                f"Hồi {_when(inspection.signed_at)}, tại {where}, {office.name if office else 'cơ quan quản lý'} "
                f"tiến hành kiểm tra thực tế việc bảo đảm an toàn phòng, chống dịch COVID-19 tại {facility.name}"
                + (f" (mã số thuế {facility.tax_code})" if facility.tax_code else "")
                + (
                    f", đối chiếu với bản tự đánh giá cơ sở ký ngày {_day(basis.signed_at)}."
                    if basis
                    else "."
                )
            ),
            pw.Heading("I. Thành phần", indent=False),
            pw.P(
                f"- Người kiểm tra: {who}"
                + (f", {inspection.signer_position}" if inspection.signer_position else "")
                + "."
            ),
            pw.P("- Đại diện cơ sở: ………………………………………………"),
            pw.Heading("II. Kết quả kiểm tra", indent=False),
            pw.P(f"Kết quả: {_result(inspection, risk)}."),
        ]
        if found:
            blocks.append(
                pw.P(f"Có {len(found)} nội dung cơ sở tự đánh giá là đáp ứng nhưng thực tế không đáp ứng:")
            )
            blocks.append(
                pw.Table(
                    [
                        pw.Column("Mã", 14, "center"),
                        pw.Column("Nội dung", 101),
                        pw.Column("Ghi chú của cán bộ", 50),
                    ],
                    [[i.code, i.text, i.answer.note if i.answer else ""] for i in found],
                    size=11,
                )
            )
        else:
            blocks.append(pw.P("Kết quả kiểm tra khớp với bản tự đánh giá của cơ sở."))
        blocks.append(pw.Heading("III. Chi tiết từng tiêu chí", indent=False))
        blocks += _items_blocks(inspection, sections, risk)
        blocks.append(pw.P("Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản./."))
        blocks.append(
            pw.Closing(
                signers=[
                    pw.Signer(["ĐẠI DIỆN CƠ SỞ"]),
                    pw.Signer(["NGƯỜI KIỂM TRA"], who, signature=_read(inspection.signature)),
                ]
            )
        )
        blocks += _signature_lines(inspection)
        return pw.Document(blocks, title=f"Biên bản kiểm tra thực tế — {facility.name}")


def assessment_document(assessment) -> pw.Document:
    return (
        inspection_document(assessment) if assessment.is_inspection else self_assessment_document(assessment)
    )


def corrective_document(corrective) -> pw.Document:
    """Yêu cầu khắc phục: the office's letter to the facility with the items to fix and the
    deadline."""
    with translation.override("vi"):
        facility = corrective.facility
        by = corrective.created_by
        office = issuing_office(getattr(by, "office", None), facility.unit)
        basis = corrective.assessment
        items = list(corrective.items.all())
        issuer = office.name if office else "Cơ quan quản lý"
        if basis is not None:
            kind = "kiểm tra thực tế" if basis.is_inspection else "tự đánh giá"
            ground = (
                f"Căn cứ kết quả {kind} an toàn phòng, chống dịch COVID-19 ký ngày {_day(basis.signed_at)}"
            )
        else:
            ground = "Căn cứ kết quả theo dõi việc bảo đảm an toàn phòng, chống dịch COVID-19"
        blocks = [
            office_header(
                office,
                summary="V/v yêu cầu khắc phục các nội dung chưa bảo đảm an toàn phòng, chống dịch COVID-19",
                date=timezone.localdate(corrective.created_at),
            ),
            pw.Salutation([f"{facility.name}."]),
            pw.P(
                f"{ground} của {facility.name}"
                + (f" (địa chỉ: {facility.address})" if facility.address else "")
                + ";"
            ),
            pw.P(f"{issuer} yêu cầu cơ sở khắc phục các nội dung sau:"),
            pw.Table(
                [
                    pw.Column("STT", 12, "center"),
                    pw.Column("Mã", 18, "center"),
                    pw.Column("Nội dung cần khắc phục", 135),
                ],
                [[str(n), i.code, i.text] for n, i in enumerate(items, start=1)],
                size=12,
            ),
            pw.Para(
                [
                    pw.Run("Thời hạn khắc phục: ", bold=True),
                    pw.Run(f"trước hết ngày {corrective.deadline:%d/%m/%Y}."),
                ]
            ),
            pw.P(
                "Sau khi khắc phục, cơ sở báo cáo trên hệ thống Bản đồ chung sống an toàn với COVID-19 "
                "(mục Yêu cầu khắc phục, bấm “Đã khắc phục”) kèm ảnh minh chứng. Quá thời hạn trên mà "
                "không khắc phục, cơ sở có thể bị đề xuất tạm dừng hoạt động theo quy định./."
            ),
            office_closing(office, ["Như trên"])
            if office
            else pw.Closing(["Như trên", "Lưu: VT"], [office_signer(None)]),
        ]
        return pw.Document(blocks, title=f"Yêu cầu khắc phục — {facility.name}")
