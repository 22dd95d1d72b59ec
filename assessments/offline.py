"""What a phone sends from its outbox after working offline: every change, photo and
signature carries an idempotency key, so a replay is answered from its receipt and changes
nothing; a signature drawn offline counts only if the answers it signed are still the
draft's, and the server computes the digest and decides on-time status by its own clock."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Assessment, OutboxReceipt, Status
from .services import AssessmentLocked, assessment_complete, assessment_sign, assessment_start


class QueuedSignatureRefused(Exception):
    """A signature from the outbox that cannot count; ``code`` tells the device why."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def receipt_for(*, user, key) -> OutboxReceipt | None:
    return OutboxReceipt.objects.filter(user=user, key=key).first()


def receipt_keep(*, user, assessment_id, key, status, body) -> None:
    """Inside the transaction of the change it answers: the change and its receipt commit
    together, so a replay can never apply it twice."""
    OutboxReceipt.objects.create(user=user, assessment_id=assessment_id, key=key, status=status, body=body)


def assessment_start_queued(*, facility, template, by, key) -> Assessment:
    """The "start" a device queued when its clerk opened a checklist offline: the open draft
    (made now, or already there, started on another device), under the item's idempotency
    key, so a replay returns the same draft even once it is signed and never makes a second."""
    seen = receipt_for(user=by, key=key)
    if seen is not None:
        return seen.assessment
    try:
        with transaction.atomic():
            assessment = assessment_start(facility=facility, template=template, by=by)
            receipt_keep(
                user=by, assessment_id=assessment.pk, key=key, status=200, body={"id": assessment.pk}
            )
            return assessment
    except IntegrityError:
        # The same key at the same moment (the page and the service worker): the other stands.
        seen = receipt_for(user=by, key=key)
        if seen is None:
            raise
        return seen.assessment


def _normal(met, option_id, note):
    return (bool(met), option_id, (note or "").strip())


def answers_differ(assessment, device_answers) -> list[int]:
    """Items whose answer on the server is not the one the device signed: an unticked box and
    no answer are the same (not met); a note is compared as typed, without outer spaces."""
    stored = {a.item_id: _normal(a.met, a.option_id, a.note) for a in assessment.answers.all()}
    items = list(assessment.version.items_in_order().values_list("id", flat=True))
    sent = {}
    for row in device_answers:
        if isinstance(row, dict) and isinstance(row.get("item"), int):
            sent[row["item"]] = _normal(row.get("met"), row.get("option"), row.get("note"))
    empty = _normal(None, None, "")
    return [i for i in items if stored.get(i, empty) != sent.get(i, empty)]


def assessment_sign_queued(
    *, assessment, device_answers, signer_name, signer_position, signature_png, device_signed_at, by
) -> Assessment:
    """Hoàn thành and Ký xác nhận as the device did them offline, in one transaction, under
    the row lock that every save waits on (so nothing slips in between the check and the
    signature)."""
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("template", "version")
            .get(pk=assessment.pk)
        )
        if locked.status == Status.SIGNED:
            raise QueuedSignatureRefused(
                "signed",
                _(
                    "Bản đánh giá này đã được ký xác nhận trên thiết bị khác; chữ ký từ máy này không được gửi lại."
                ),
            )
        if not locked.is_open:
            raise AssessmentLocked
        current = locked.template.published_version()
        if not locked.template.is_active or current is None or current.pk != locked.version_id:
            raise QueuedSignatureRefused(
                "retired",
                _(
                    "Bộ câu hỏi đã được thay bằng phiên bản mới trong lúc máy ngoại tuyến, nên chữ ký chưa "
                    "được nhận. Câu trả lời và ảnh của bạn vẫn được giữ trong bản đánh giá: hãy mở lại, "
                    "kiểm tra, nhấn Hoàn thành và ký lại."
                ),
            )
        if answers_differ(locked, device_answers):
            raise QueuedSignatureRefused(
                "changed",
                _(
                    "Bản đánh giá trên máy chủ đã được sửa (có thể từ một thiết bị khác) sau khi bạn ký trên "
                    "máy này, nên chữ ký chưa được nhận. Không mất dữ liệu nào: hãy mở lại bản đánh giá, "
                    "kiểm tra, nhấn Hoàn thành và ký lại."
                ),
            )
        done = assessment_complete(assessment=locked)
        if done.problems:
            raise QueuedSignatureRefused("problems", " ".join(str(p) for p in done.problems))
        return assessment_sign(
            assessment=locked,
            signer_name=signer_name,
            signer_position=signer_position,
            signature_png=signature_png,
            by=by,
            device_signed_at=device_signed_at,
        )
