"""Demo follow-up loop: contacts, corrective requests, an inspection, proposals and a decision,
made by the real services (so the Nhật ký and the case files read as they would in use), in
the capital ward the demo officers see. Guarded by the sent proposal's number: once it exists,
everything here has been made, and a second run changes nothing."""

import io
import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.choices import FacilityType, Level
from accounts.importing.run import import_job_run
from accounts.importing.service import import_job_confirm, import_job_create
from accounts.models import Facility, ImportJob, User
from accounts.suspensions import suspension_decide
from assessments import photos
from assessments.corrective_services import (
    latest_signed_assessment,
    request_answer,
    request_create,
    unmet_items,
)
from assessments.demo import _signature_png
from assessments.inspections import inspection_basis, inspection_start
from assessments.models import Assessment
from assessments.services import (
    answer_save,
    assessment_complete,
    assessment_sign,
    assessment_start,
    photo_add,
)
from checklists.models import Template
from safemap.documents import Document
from safemap.spreadsheets import Column, write_table

from .contacts import contact_record
from .models import ContactMethod, Flag
from .proposal_models import Proposal
from .proposals import proposal_create, proposal_send, proposal_update

CAPITAL = "Phường Điện Biên Phủ"
SENT_NUMBER = "15/ĐX-SCT"  # the guard: made last, in the same transaction as the rest
DRAFT_NUMBER = "21/ĐX-SCT"
DECISION_NUMBER = "412/QĐ-UBND"


def _image(text: str, size=(480, 360), colour=(120, 150, 170)) -> bytes:
    img = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 200, 440, 330), fill=(200, 60, 50))  # a fire extinguisher cabinet, roughly
    draw.text((50, 40), text, fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70)
    return out.getvalue()


def _upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _image(text), content_type="image/jpeg")


def _decision_pdf() -> bytes:
    """A one-page scan of the decision: Pillow writes a small image-only PDF."""
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.text((60, 60), "UBND TINH DIEN BIEN", fill="black")
    draw.text((60, 100), f"So: {DECISION_NUMBER} (tai lieu minh hoa)", fill="black")
    draw.text((60, 160), "QUYET DINH tam dung hoat dong", fill="black")
    out = io.BytesIO()
    page.save(out, "PDF", resolution=72)
    return out.getvalue()


def _capital_facilities():
    # Signed history, not the two memorable logins' own pages (coso.moi stays fresh).
    return (
        Facility.objects.filter(unit__name=CAPITAL, user__isnull=False, last_signed_at__isnull=False)
        .exclude(user__username="coso.moi")
        .order_by("tax_code")
    )


def _inspect(facility, officer, now):
    """Kiểm tra thực tế finding one item claimed met that is not: its discrepancy flag opens."""
    inspection = inspection_start(facility=facility, by=officer)
    claimed_met = [a for a in inspection.answers.select_related("item") if a.met]
    wrong = next((a for a in claimed_met if not a.item.critical), claimed_met[0])
    answer_save(
        assessment=inspection,
        item_id=wrong.item_id,
        met=False,
        note="Bình chữa cháy ở xưởng hết hạn kiểm định (kiểm tra thực tế).",
    )
    for a in claimed_met:
        if a.item.photo_required and a.item_id != wrong.item_id:
            photo_add(
                assessment=inspection,
                item_id=a.item_id,
                upload=_upload(f"kiem-tra-{a.item_id}.jpg", f"Kiem tra {a.item.code}"),
                by=officer,
            )
    inspection.refresh_from_db()
    completion = assessment_complete(assessment=inspection)
    assert not completion.problems, completion.problems  # noqa: S101  demo data must be consistent
    assessment_sign(
        assessment=inspection,
        signer_name=f"{officer.first_name} {officer.last_name}".strip(),
        signer_position="Chuyên viên",
        signature_png=_signature_png(99),
        by=officer,
    )


def _request(facility, officer, today, days, text):
    assessment = latest_signed_assessment(facility)
    items = unmet_items(assessment)[:2]
    return request_create(
        facility=facility,
        assessment=assessment,
        items=items,
        text="" if items else text,
        deadline=today + timedelta(days=days),
        by=officer,
    )


@transaction.atomic
def seed(stdout=None) -> list[int]:
    """Returns the facilities whose flags changed (for reports.demo to rescan)."""
    if Proposal.objects.filter(number=SENT_NUMBER).exists():
        return []
    now = timezone.now()
    today = timezone.localdate(now)
    local = User.objects.get(username="pkt.dienbienphu")
    province = User.objects.get(username="so.dienbien")
    demo = Facility.objects.filter(user__username="coso.demo").first()
    pool = [f for f in _capital_facilities() if f != demo]
    greens = [f for f in pool if f.level == Level.GREEN]
    flagged = {f.facility_id for f in Flag.objects.open().filter(facility__in=pool)}

    # The demo facility's home shows an open request, deadline in a few days.
    if demo is not None:
        _request(demo, local, today, 5, "Bổ sung biển chỉ dẫn lối thoát hiểm tại kho.")

    # A flagged facility called, with a next step tomorrow (the officer's reminder).
    called = next((f for f in pool if f.pk in flagged), pool[0])
    contact_record(
        officer=local,
        facility=called,
        method=ContactMethod.CALL,
        person=called.contact_name,
        outcome="Cơ sở hứa tự đánh giá lại trong tuần; người phụ trách đang đi công tác.",
        next_step_on=today + timedelta(days=1),
    )

    # One request waiting for the facility, one answered (with a photo) waiting for review.
    open_one, answered_one, inspected = greens[0], greens[1], greens[2]
    _request(open_one, local, today, 4, "Sửa đèn chiếu sáng sự cố ở cầu thang.")
    answered = _request(answered_one, local, today, 7, "Thay bình chữa cháy hết hạn ở kho.")
    request_answer(
        request=answered,
        note="Đã thay 2 bình chữa cháy mới, có ảnh kèm theo.",
        processed=[photos.process(_upload("khac-phuc.jpg", "Da khac phuc"))],
        by=answered_one.user,
    )

    if inspection_basis(inspected) is not None:
        _inspect(inspected, local, now)

    # Proposals: the sent one names one unsafe facility, which UBND tỉnh then suspended
    # (purple on the public map); the draft lists every current candidate.
    sent = proposal_create(by=province, number=SENT_NUMBER, date=today - timedelta(days=6))
    listed = list(sent.items.select_related("facility").order_by("facility__tax_code"))
    busy = {demo, open_one, answered_one, inspected}
    suspended = next(
        (i.facility for i in listed if i.facility.unit.name == CAPITAL and i.facility not in busy), None
    )
    if suspended is None and listed:
        suspended = listed[0].facility
    if suspended is not None:
        proposal_update(
            by=province,
            proposal=sent,
            number=sent.number,
            date=sent.date,
            remove=[i.facility for i in listed if i.facility != suspended],
        )
        sent = proposal_send(by=province, proposal=sent)
        decision = suspension_decide(
            by=province,
            number=DECISION_NUMBER,
            date=today - timedelta(days=2),
            signer="Phó Chủ tịch UBND tỉnh Lò Văn Minh",
            facilities=[suspended],
            document=Document(_decision_pdf(), "pdf"),
        )
        Proposal.objects.filter(pk=sent.pk).update(decision=decision)
    proposal_create(by=province, number=DRAFT_NUMBER, date=today)
    funnel_dates(now)
    return [f.pk for f in (inspected, suspended) if f is not None]


def funnel_dates(now) -> None:
    """Letter handed out, first login, own password, first assessment started and signed, as
    the demo's own history implies (its assessments are made directly, so no step wrote them):
    signed facilities went through every step; the others stop at every stage of the funnel.
    "Started, not signed" is a real draft (assessment_start writes its own date)."""
    rng = random.Random(13)
    first_signed = dict(
        Assessment.objects.self_assessments()
        .signed()
        .values("facility_id")
        .annotate(first=Min("signed_at"))
        .values_list("facility_id", "first")
    )
    rows, drafting = [], []
    facilities = Facility.objects.filter(account_issued_at__isnull=False, first_login_at__isnull=True)
    for f in facilities.exclude(user__username="coso.moi").order_by("pk"):
        issued = f.account_issued_at
        letter = min(issued + timedelta(hours=rng.randint(2, 72)), now)
        signed = first_signed.get(f.pk) or f.last_signed_at
        if signed is not None:
            # In order within the (at least one day) from issue to signature.
            span = signed - issued
            f.letter_downloaded_at = issued + span * rng.uniform(0.02, 0.3)
            f.first_login_at = f.letter_downloaded_at + span * rng.uniform(0.01, 0.3)
            f.password_changed_at = f.first_login_at + timedelta(minutes=rng.randint(1, 10))
            f.first_started_at = signed - timedelta(minutes=rng.randint(20, 40))
            f.first_signed_at = signed
        else:
            stage = rng.random()
            if stage >= 0.2:
                f.letter_downloaded_at = letter  # below 0.2: the office still holds the letter
            if stage >= 0.5:
                f.first_login_at = min(letter + timedelta(days=rng.randint(1, 10)), now)
            if stage >= 0.65:
                f.password_changed_at = f.first_login_at + timedelta(minutes=3)
            if stage >= 0.85:
                drafting.append(f)
        rows.append(f)
    Facility.objects.bulk_update(
        rows,
        [
            "letter_downloaded_at",
            "first_login_at",
            "password_changed_at",
            "first_started_at",
            "first_signed_at",
        ],
        batch_size=500,
    )
    templates = {t.slug: t for t in Template.objects.filter(slug__in=["noi-lam-viec", "khu-dich-vu"])}
    for f in drafting:
        slug = (
            "noi-lam-viec" if f.facility_type in (FacilityType.FACTORY, FacilityType.OTHER) else "khu-dich-vu"
        )
        assessment_start(facility=f, template=templates[slug], by=f.user)


LETTERS_FILE = "dot-bo-sung-minh-hoa.csv"


def seed_letters() -> None:
    """A small import of three facilities of the capital ward, by the real pipeline: their
    letters wait, undownloaded, in pkt.dienbienphu's batch (Thư tài khoản theo đơn vị). Not an
    Đợt bổ sung: that queues a Celery notice, and seed_demo must not wait for a broker."""
    if ImportJob.objects.filter(file_name=LETTERS_FILE).exists():
        return
    admin = User.objects.get(username="admin")
    header = ["STT", "Tên cơ sở", "Mã số thuế", "Xã/phường", "Tỉnh"]
    rows = [
        [1, "Công ty TNHH may Noong Bua", "5600900001", CAPITAL, "Điện Biên"],
        [2, "Cửa hàng vật tư nông nghiệp Him Lam", "5600900002", CAPITAL, "Điện Biên"],
        [3, "Nhà hàng Mường Thanh Xanh", "5600900003", CAPITAL, "Điện Biên"],
    ]
    out = io.BytesIO()
    write_table(
        rows,
        out,
        fmt="csv",
        columns=[Column(h, 10, "number" if h == "STT" else "text") for h in header],
        sheet_title="",
    )
    job, _preview = import_job_create(raw=out.getvalue(), file_name=LETTERS_FILE, by=admin)
    if import_job_confirm(job=job, by=admin, queue=False):
        import_job_run(job_id=job.pk)
