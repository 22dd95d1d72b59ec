"""An Office's letterhead as document blocks (safemap.paperwork): the header, the signer and
the Nơi nhận closing, from the Office records, so each province's documents read right."""

from django.utils import timezone

from safemap import paperwork as pw

from .choices import OfficeKind
from .models import Office


def issuing_office(office: Office | None, unit=None) -> Office | None:
    """The office a document goes out under: the given one, else the Sở of the unit's province."""
    if office is not None or unit is None:
        return office
    return Office.objects.filter(unit=unit.province, kind=OfficeKind.DEPARTMENT).order_by("pk").first()


def letterhead(office: Office | None) -> dict:
    """Office.document_fields, or a blank letterhead for the clerk when there is no office."""
    if office is None:
        return {
            "parent": "",
            "issuer": "SỞ CÔNG THƯƠNG",
            "name": "Sở Công Thương",
            "code": "SCT",
            "place": "",
            "capacity": [],
            "signer": "",
        }
    return office.document_fields()


def office_header(office: Office | None, *, summary: str = "", date=None, number: str = "") -> pw.Header:
    """Number and date blank unless given: the clerk numbers and dates the signed copy."""
    f = letterhead(office)
    return pw.Header(
        parent=f["parent"],
        issuer=f["issuer"],
        code=f["code"],
        place=f["place"],
        number=number,
        date=date,
        year=timezone.localdate().year,
        summary=summary,
    )


def office_signer(office: Office | None) -> pw.Signer:
    f = letterhead(office)
    return pw.Signer(f["capacity"] or ["THỦ TRƯỞNG CƠ QUAN"], f["signer"])


def office_closing(office: Office | None, recipients: list[str]) -> pw.Closing:
    """Nơi nhận ending "Lưu: VT, <drafting unit>" and the office's signer."""
    f = letterhead(office)
    drafting = f["code"].split("-", 1)[1] if "-" in f["code"] else ""
    archive = f"Lưu: VT, {drafting}" if drafting else "Lưu: VT"
    return pw.Closing(recipients=[*recipients, archive], signers=[office_signer(office)])


def reference_note(kind: str, office: Office | None) -> str:
    """ "(Kèm theo Công văn số      /SCT-QLCN ngày      tháng      năm 2026 của Sở Công Thương)"."""
    f = letterhead(office)
    year = timezone.localdate().year
    return f"(Kèm theo {kind} số        /{f['code']} ngày      tháng      năm {year} của {f['name']})"
