"""What officers and facilities do with a corrective request. Each step checks the state it
starts from, changes the request and writes the Nhật ký in one transaction."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.activity import activity_record
from accounts.models import Action

from . import photos
from .corrective import (
    CorrectiveItem,
    CorrectivePhoto,
    CorrectiveRequest,
    CorrectiveResponse,
    RequestStatus,
    ResponseKind,
)
from .models import Assessment
from .signals import corrective_request_answered

PHOTOS_PER_ANSWER = 6


class RequestLocked(Exception):
    """The request is not in a state that allows this step (answered twice, accepted…)."""

    def __init__(self, message=None):
        super().__init__(message or _("Yêu cầu này đã được xử lý; hãy tải lại trang."))


def latest_signed_assessment(facility):
    return (
        Assessment.objects.signed()
        .filter(facility=facility)
        .select_related("version", "template")
        .order_by("-signed_at", "-pk")
        .first()
    )


def unmet_items(assessment):
    """The items of ``assessment`` it did not meet (or scored risk points on), in order."""
    if assessment is None:
        return []
    unmet = set(assessment.version.score(assessment.answer_map()).unmet)
    return [item for item in assessment.version.items_in_order() if item.id in unmet]


def _day(d):
    return date_format(d, "SHORT_DATE_FORMAT")


def request_create(*, facility, assessment, items, text, deadline, by) -> CorrectiveRequest:
    """``items``: unmet Items of ``assessment`` (checked by the form); ``text``: the officer's
    own item, may be empty."""
    with transaction.atomic():
        request = CorrectiveRequest.objects.create(
            facility=facility, assessment=assessment, deadline=deadline, created_by=by
        )
        rows = [CorrectiveItem(request=request, item=i, code=i.code, text=i.text) for i in items]
        if text:
            rows.append(CorrectiveItem(request=request, text=text))
        for n, row in enumerate(rows):
            row.position = n
        CorrectiveItem.objects.bulk_create(rows)
        with translation.override("vi"):  # the log reads the same whatever the officer's language
            activity_record(
                actor=by,
                action=Action.REQUEST_CREATED,
                facility=facility,
                target=request,
                summary=_("Yêu cầu khắc phục %(n)d nội dung, hạn %(day)s: %(items)s")
                % {"n": len(rows), "day": _day(deadline), "items": "; ".join(str(r) for r in rows)},
            )
    return request


def _store(processed):
    """Store each re-encoded photo; return the rows to create and the names to undo."""
    rows, names = [], []
    for done in processed:
        image = photos.store(done.image, "corrective")
        names.append(image)
        thumb = photos.store(done.thumbnail, "corrective/thumbs")
        names.append(thumb)
        rows.append(
            CorrectivePhoto(
                image=image,
                thumbnail=thumb,
                width=done.width,
                height=done.height,
                size=len(done.image),
                sha256=done.sha256,
            )
        )
    return rows, names


def request_answer(*, request, note, processed, by) -> CorrectiveResponse:
    """The facility says it has fixed it ("Đã khắc phục"). ``processed``: photos already
    validated and re-encoded (assessments.photos.process), at most PHOTOS_PER_ANSWER."""
    rows, names = _store(processed)
    try:
        with transaction.atomic():
            locked = CorrectiveRequest.objects.select_for_update().get(pk=request.pk)
            if not locked.is_awaiting_facility:
                raise RequestLocked
            response = CorrectiveResponse.objects.create(request=locked, note=note, by=by)
            for row in rows:
                row.response = response
            CorrectivePhoto.objects.bulk_create(rows)
            locked.status = RequestStatus.ANSWERED
            locked.save(update_fields=["status"])
            with translation.override("vi"):
                activity_record(
                    actor=by,
                    action=Action.REQUEST_ANSWERED,
                    facility=locked.facility,
                    target=locked,
                    summary=_("Cơ sở báo đã khắc phục (%(n)d ảnh): %(note)s")
                    % {"n": len(rows), "note": note},
                )
            # reports tells the officer who made the request (it may not be imported here).
            corrective_request_answered.send(sender=CorrectiveRequest, request=locked, response=response)
    except BaseException:
        for name in names:
            default_storage.delete(name)
        raise
    request.status = locked.status
    return response


def request_accept(*, request, by, note="") -> CorrectiveRequest:
    with transaction.atomic():
        locked = CorrectiveRequest.objects.select_for_update().get(pk=request.pk)
        if not locked.is_awaiting_review:
            raise RequestLocked
        now = timezone.now()
        CorrectiveResponse.objects.create(request=locked, kind=ResponseKind.ACCEPT, note=note, by=by, at=now)
        locked.status = RequestStatus.ACCEPTED
        locked.closed_at = now
        locked.save(update_fields=["status", "closed_at"])
        with translation.override("vi"):
            activity_record(
                actor=by,
                action=Action.REQUEST_ACCEPTED,
                facility=locked.facility,
                target=locked,
                summary=_("Chấp nhận kết quả khắc phục"),
                changes={_("Trạng thái"): [RequestStatus.ANSWERED.label, RequestStatus.ACCEPTED.label]},
            )
    return locked


def request_return(*, request, by, reason, deadline=None) -> CorrectiveRequest:
    """Send it back ("Yêu cầu làm lại"): open again, with the reason and maybe a new deadline."""
    with transaction.atomic():
        locked = CorrectiveRequest.objects.select_for_update().get(pk=request.pk)
        if not locked.is_awaiting_review:
            raise RequestLocked
        old = locked.deadline
        CorrectiveResponse.objects.create(
            request=locked,
            kind=ResponseKind.RETURN,
            note=reason,
            by=by,
            old_deadline=old if deadline else None,
        )
        locked.status = RequestStatus.RETURNED
        if deadline:
            locked.deadline = deadline
        locked.save(update_fields=["status", "deadline", "due_at"])
        with translation.override("vi"):
            changes = {_("Trạng thái"): [RequestStatus.ANSWERED.label, RequestStatus.RETURNED.label]}
            if deadline and deadline != old:
                changes[_("Hạn khắc phục")] = [_day(old), _day(deadline)]
            activity_record(
                actor=by,
                action=Action.REQUEST_RETURNED,
                facility=locked.facility,
                target=locked,
                summary=_("Yêu cầu làm lại: %(reason)s") % {"reason": reason},
                changes=changes,
            )
    return locked
