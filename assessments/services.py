"""The fortnightly cycle: start a draft, save answers and photos as they are entered,
Hoàn thành (check and score), sign (lock, digest, update the facility)."""

import hashlib
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Facility, overdue_from_due
from checklists.models import AnswerOption, Item, Section
from checklists.scoring import Kind, Result

from . import photos
from .inspections import inspection_signed
from .models import OPEN_STATUSES, Answer, Assessment, Photo, Status
from .report_links import relink_reports
from .signals import assessment_signed

PHOTOS_PER_ITEM = 8
UNSET = object()


class AssessmentLocked(Exception):
    """The assessment is signed (or no longer open): nothing may change it."""

    def __str__(self):
        return str(_("Bản đánh giá này đã ký xác nhận hoặc đã đóng, không thể sửa."))


class InvalidAnswer(ValueError):
    pass


def assessment_start(*, facility, template, by) -> Assessment:
    """The open draft for this template, or a new one on the newest published version."""
    existing = (
        Assessment.objects.self_assessments().open().filter(facility=facility, template=template).first()
    )
    if existing is not None:
        return existing
    version = template.published_version()
    if version is None:
        raise InvalidAnswer(_("Bộ câu hỏi này chưa được công bố."))
    try:
        with transaction.atomic():
            created = Assessment.objects.create(
                facility=facility, template=template, version=version, created_by=by
            )
            Facility.objects.filter(pk=facility.pk).mark_step("first_started_at", created.created_at)
            return created
    except IntegrityError:
        # Two taps on the checklist at once: the other request made the draft.
        return Assessment.objects.self_assessments().open().get(facility=facility, template=template)


def _reopen(assessment) -> None:
    """Mark a change; an assessment changed after Hoàn thành must be completed again. The
    conditional UPDATE also takes the row lock that signing waits on, so a save and a
    signature can never interleave."""
    changed = Assessment.objects.filter(pk=assessment.pk, status__in=OPEN_STATUSES).update(
        status=Status.DRAFT, completed_at=None, score=None, level="", band="", updated_at=timezone.now()
    )
    if not changed:
        raise AssessmentLocked


def answer_save(*, assessment, item_id, met=UNSET, option_id=UNSET, note=UNSET) -> None:
    if not assessment.is_open:
        raise AssessmentLocked
    fields = {}
    fast = connection.vendor == "postgresql"  # the single statement checks the item itself
    if option_id is not UNSET and option_id is not None:
        valid = AnswerOption.objects.filter(
            pk=option_id, item_id=item_id, item__section__version_id=assessment.version_id
        ).exists()
        if not valid:
            raise InvalidAnswer(_("Câu trả lời không thuộc nội dung này."))
        fields["option_id"] = option_id
    elif not fast and not _item_in_version(assessment, item_id):
        raise InvalidAnswer(_("Nội dung đánh giá không thuộc bộ câu hỏi này."))
    if option_id is None:
        fields["option_id"] = None
    if met is not UNSET:
        fields["met"] = met
    if note is not UNSET:
        fields["note"] = note
    if not fields:
        raise InvalidAnswer(_("Không có gì để lưu."))
    if fast:
        if not _reopen_and_upsert(assessment.pk, item_id, fields):
            if not _item_in_version(assessment, item_id):
                raise InvalidAnswer(_("Nội dung đánh giá không thuộc bộ câu hỏi này."))
            raise AssessmentLocked
        return
    # savepoint=False: nested in a caller's transaction, a failure here should abort that
    # whole transaction anyway, and the savepoint round trips are not worth it.
    with transaction.atomic(savepoint=False):
        _reopen(assessment)
        Answer.objects.bulk_create(
            [Answer(assessment_id=assessment.pk, item_id=item_id, **fields)],
            update_conflicts=True,
            unique_fields=["assessment", "item"],
            update_fields=[*fields, "updated_at"],
        )


def _item_in_version(assessment, item_id) -> bool:
    return Item.objects.filter(pk=item_id, section__version_id=assessment.version_id).exists()


def _reopen_and_upsert(assessment_id, item_id, fields) -> bool:
    """PostgreSQL: re-open the assessment and upsert the answer in ONE statement, so the hot
    path needs no BEGIN/COMMIT round trips. The UPDATE takes the row lock that signing waits
    on; if the assessment is no longer open, nothing is inserted and no row comes back."""
    values = {"met": None, "option_id": None, "note": "", **fields}
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in [*fields, "updated_at"])
    sql = f"""
        WITH reopened AS (
            UPDATE {Assessment._meta.db_table}
            SET status = %s, completed_at = NULL, score = NULL, level = '', band = '', updated_at = %s
            WHERE id = %s AND status IN (%s, %s) AND EXISTS (
                SELECT 1 FROM {Item._meta.db_table} i JOIN {Section._meta.db_table} s ON s.id = i.section_id
                WHERE i.id = %s AND s.version_id = {Assessment._meta.db_table}.version_id
            )
            RETURNING id
        )
        INSERT INTO {Answer._meta.db_table} (assessment_id, item_id, met, option_id, note, updated_at)
        SELECT id, %s, %s, %s, %s, %s FROM reopened
        ON CONFLICT (assessment_id, item_id) DO UPDATE SET {updates}
        RETURNING 1
    """  # noqa: S608  column names come from the fixed set above, values are parameters
    now = timezone.now()
    params = [
        Status.DRAFT,
        now,
        assessment_id,
        *OPEN_STATUSES,
        item_id,
        item_id,
        values["met"],
        values["option_id"],
        values["note"],
        now,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def photo_add(*, assessment, item_id, upload, by) -> Photo:
    if not assessment.is_open:
        raise AssessmentLocked
    if not Item.objects.filter(pk=item_id, section__version_id=assessment.version_id).exists():
        raise InvalidAnswer(_("Nội dung đánh giá không thuộc bộ câu hỏi này."))
    done = photos.process(upload)
    # The same picture sent again (a phone retrying after a lost answer) is the same photo.
    same = assessment.photos.filter(item_id=item_id, sha256=done.sha256).first()
    if same is not None:
        return same
    if assessment.photos.filter(item_id=item_id).count() >= PHOTOS_PER_ITEM:
        raise photos.PhotoError(_("Mỗi nội dung có tối đa %d ảnh; hãy xóa bớt ảnh cũ.") % PHOTOS_PER_ITEM)
    image_name = photos.store(done.image, "photos")
    thumb_name = photos.store(done.thumbnail, "photos/thumbs")
    try:
        with transaction.atomic():
            _reopen(assessment)
            return Photo.objects.create(
                assessment=assessment,
                item_id=item_id,
                image=image_name,
                thumbnail=thumb_name,
                width=done.width,
                height=done.height,
                size=len(done.image),
                sha256=done.sha256,
                uploaded_by=by,
            )
    except BaseException:
        default_storage.delete(image_name)
        default_storage.delete(thumb_name)
        raise


def photo_remove(*, photo) -> None:
    with transaction.atomic():
        _reopen(photo.assessment)
        photo.delete()
    # Files go only after the row is gone for good.
    transaction.on_commit(
        lambda: (default_storage.delete(photo.image.name), default_storage.delete(photo.thumbnail.name))
    )


@dataclass(frozen=True)
class Problem:
    """Something that stops Hoàn thành, on one item (the page links to it and marks it)."""

    item_id: int
    message: str

    def __str__(self):
        return self.message


@dataclass
class Completion:
    result: Result | None
    problems: list[Problem]


def assessment_problems(assessment) -> list[Problem]:
    """What stops Hoàn thành, naming each item: unanswered criteria, and required photos of
    criteria claimed as met: a photo is the evidence for the claim, so an item left unticked
    needs none (a risk-index answer is always a claim, so it needs its photo)."""
    is_risk = assessment.version.scoring == Kind.RISK
    answers = assessment.answer_map()
    with_photos = set(assessment.photos.values_list("item_id", flat=True))
    problems = []
    for item in assessment.version.items_in_order():
        met, option_id = answers.get(item.id, (None, None))
        names = {"code": item.code, "text": item.text}
        if is_risk and option_id is None:
            problems.append(Problem(item.id, _("Mục %(code)s “%(text)s” chưa chọn câu trả lời.") % names))
        claimed = option_id is not None if is_risk else met is True
        if item.photo_required and claimed and item.id not in with_photos:
            problems.append(Problem(item.id, _("Mục %(code)s “%(text)s” cần ít nhất một ảnh chụp.") % names))
    return problems


def assessment_complete(*, assessment) -> Completion:
    """Hoàn thành: check, score, and keep the result until the next change or the signature."""
    if not assessment.is_open:
        raise AssessmentLocked
    problems = assessment_problems(assessment)
    if problems:
        return Completion(None, problems)
    result = assessment.version.score(assessment.answer_map())
    changed = Assessment.objects.filter(pk=assessment.pk, status__in=OPEN_STATUSES).update(
        status=Status.COMPLETED,
        completed_at=timezone.now(),
        score=result.score,
        level=result.level,
        band=result.band,
    )
    if not changed:
        raise AssessmentLocked
    assessment.refresh_from_db()
    return Completion(result, [])


class NotCompleted(Exception):
    def __str__(self):
        return str(
            _("Bản đánh giá đã thay đổi sau khi nhấn Hoàn thành; hãy nhấn Hoàn thành lại trước khi ký.")
        )


def assessment_sign(
    *, assessment, signer_name, signer_position, signature_png: bytes, by, device_signed_at=None
) -> Assessment:
    """Lock the assessment, store the signature and a digest, and update the facility's
    level and due date in the same transaction (the map shows the new colour at once).
    ``signed_at`` is always the server's time of receipt; a signature drawn offline also
    keeps the device's own time (``device_signed_at``), for the record only."""
    signature_name = photos.store_signature(signature_png)
    try:
        with transaction.atomic():
            # Only this assessment's row and its facility's: without ``of``, PostgreSQL would
            # also lock the joined template version, which every facility signing the same
            # checklist (and every draft started on it) then queues behind.
            locked = (
                Assessment.objects.select_for_update(of=("self", "facility"))
                .select_related("facility", "version", "template")
                .get(pk=assessment.pk)
            )
            if locked.status == Status.SIGNED:
                raise AssessmentLocked
            if locked.status != Status.COMPLETED:
                raise NotCompleted
            # Scored again under the lock: what is signed is exactly what is stored.
            result = locked.version.score(locked.answer_map())
            now = timezone.now()
            locked.score, locked.level, locked.band = result.score, result.level, result.band
            locked.status = Status.SIGNED
            locked.signed_at = now
            locked.device_signed_at = device_signed_at
            due = locked.facility.due_at
            locked.on_time = due is None or now <= overdue_from_due(due)
            locked.signed_by = by
            locked.signer_name = signer_name
            locked.signer_position = signer_position
            locked.signature = signature_name
            locked.signature_sha256 = hashlib.sha256(signature_png).hexdigest()
            locked.updated_at = now
            if locked.is_inspection:
                locked.on_time = None  # the facility's deadline is not the officer's
                locked.discrepancy_count = len(locked.discrepancy_ids())
            locked.digest = locked.compute_digest()
            locked.save()
            if locked.is_inspection:
                # The officer's result becomes the level (not the due date) and opens or
                # closes the Tự đánh giá không đúng thực tế flag (inspections.py).
                inspection_signed(locked, by)
            elif locked.template.required:
                # Only a required checklist sets the colour and the next due date; an optional
                # one (the 2194 risk index) is a self-check kept in the history.
                locked.facility.record_signed(locked.level, now)
                relink_reports([locked.facility_id])
                Facility.objects.filter(pk=locked.facility_id).mark_step("first_signed_at", now)
            if locked.is_inspection or locked.template.required:
                # Flags close within seconds rather than at the next periodic scan (reports
                # listens); with the broker down signing still succeeds and the scan catches up.
                assessment_signed.send(sender=Assessment, facility_id=locked.facility_id)
    except BaseException:
        default_storage.delete(signature_name)
        raise
    return locked


def assessment_abandon(*, assessment) -> None:
    """Set a stale draft aside (it is kept) so a fresh one can start on the newest version."""
    if not assessment.is_stale():
        raise InvalidAnswer(_("Chỉ có thể bỏ bản đánh giá đã quá hạn."))
    Assessment.objects.filter(pk=assessment.pk, status__in=OPEN_STATUSES).update(status=Status.ABANDONED)
