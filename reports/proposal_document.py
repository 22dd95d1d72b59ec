"""Đề xuất tạm dừng hoạt động as a document (safemap.paperwork): the Sở's letter to UBND tỉnh,
the facilities with their reasons and evidence in the Phụ lục. Always in Vietnamese."""

from django.conf import settings
from django.utils import translation

from accounts.paperwork import issuing_office, letterhead, office_header, office_signer, reference_note
from safemap import paperwork as pw

from .suspension import document_heading

COLUMNS = [
    pw.Column("STT", 11, "center"),
    pw.Column("Tên cơ sở, địa chỉ", 52),
    pw.Column("Lý do đề xuất", 36),
    pw.Column("Căn cứ", 66),
]


def evidence_text(evidence: dict) -> str:
    lines = []
    for f in evidence.get("flags", []):
        until = f" đến {f['closed']}" if f.get("closed") else ""
        lines.append(f"- {f['kind']} từ {f['opened']}{until} ({f['days']} ngày)")
    for a in evidence.get("activities", []):
        who = f" ({a['actor']})" if a.get("actor") else ""
        lines.append(f"- {a['at']} {a['action']}: {a['summary']}{who}")
    if evidence.get("last_signed"):
        lines.append(f"- Tự đánh giá gần nhất: {evidence['last_signed']}")
    return "\n".join(lines)


def _facility_cell(facility) -> str:
    parts = [facility.name]
    if facility.address:
        parts.append(facility.address)
    if facility.tax_code:
        parts.append(f"MST {facility.tax_code}")
    parts.append(facility.unit.name)
    return "\n".join(parts)


def proposal_document(proposal, items) -> pw.Document:
    """``items`` from proposals.items_with_evidence (frozen once sent)."""
    with translation.override("vi"):
        author = proposal.created_by
        office = issuing_office(author.office, proposal.province)
        heading = document_heading(author, proposal.province)
        f = letterhead(office)
        number = proposal.number if "/" in proposal.number else f"{proposal.number}/{f['code']}"
        n = len(items)
        recipients = [
            line.strip().rstrip(";.") for line in heading["recipients"].splitlines() if line.strip()
        ]
        blocks = [
            office_header(
                office,
                summary="V/v đề xuất tạm dừng hoạt động các cơ sở sản xuất, kinh doanh không bảo đảm an toàn "
                "phòng, chống dịch COVID-19",
                number=number,
                date=proposal.date,
            ),
            pw.Salutation([f"{heading['addressee']}."]),
            pw.P(
                "Thực hiện chỉ đạo của Bộ Công Thương và của UBND tỉnh về việc bảo đảm an toàn phòng, chống "
                "dịch COVID-19 tại các cơ sở sản xuất, kinh doanh; căn cứ kết quả tự đánh giá của các cơ sở "
                "trên Bản đồ chung sống an toàn với COVID-19 và kết quả theo dõi, đôn đốc, kiểm tra thực tế;"
            ),
            pw.P(
                f"{f['name']} tổng hợp {n} cơ sở không bảo đảm an toàn, hoặc đã quá hạn tự đánh giá hay quá hạn "
                f"khắc phục hơn {settings.ESCALATION_DAYS} ngày dù đã được đôn đốc, kiểm tra (danh sách, lý do "
                "và căn cứ tại Phụ lục kèm theo)."
            ),
            pw.P(
                f"{f['name']} kính đề nghị {heading['addressee']} xem xét, quyết định tạm dừng hoạt động đối "
                "với các cơ sở nêu trên cho đến khi cơ sở khắc phục và bảo đảm đủ điều kiện an toàn theo quy định./."
            ),
            pw.Closing(recipients=recipients, signers=[office_signer(office)]),
            *pw.appendix_heading(
                "DANH SÁCH CƠ SỞ ĐỀ XUẤT TẠM DỪNG HOẠT ĐỘNG",
                reference_note("Công văn", office, number=number, date=proposal.date),
            ),
            pw.Table(
                COLUMNS,
                [
                    [
                        str(i),
                        _facility_cell(item.facility),
                        item.shown_reason,
                        evidence_text(item.shown_evidence),
                    ]
                    for i, item in enumerate(items, start=1)
                ],
                size=11,
            ),
            pw.P(f"Tổng cộng: {n} cơ sở.", indent=False),
        ]
        return pw.Document(blocks, title="Đề xuất tạm dừng hoạt động")
