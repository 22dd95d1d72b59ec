"""Kiểm tra thực tế: an officer checks a facility's latest signed self-assessment on site.
The inspection is an Assessment of kind INSPECTION, filled, completed and signed by the same
services (services.py); what is its own lives here: how it starts, what signing it changes,
and what the facility is shown of it."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.activity import activity_record
from accounts.models import Action

from .models import Answer, Assessment, AssessmentKind


class CannotInspect(ValueError):
    """Nothing to check yet: said to the officer in Vietnamese."""


def inspection_basis(facility):
    """The facility's latest signed self-assessment of a required checklist (the ones that set
    its level), or None."""
    return (
        Assessment.objects.self_assessments()
        .signed()
        .filter(facility=facility, template__required=True)
        .select_related("template", "version")
        .order_by("-signed_at", "-pk")
        .first()
    )


def _open_inspection(facility, template, by):
    return (
        Assessment.objects.inspections()
        .open()
        .filter(facility=facility, template=template, created_by=by)
        .first()
    )


def inspection_start(*, facility, by) -> Assessment:
    """The officer's inspection under way for this facility, or a new one on the version of
    the latest signed self-assessment, each item pre-filled with what the facility claimed.
    The facility's notes and photos stay on its own record: the officer adds their own."""
    basis = inspection_basis(facility)
    if basis is None:
        raise CannotInspect(
            _("Cơ sở chưa có bản tự đánh giá nào đã ký xác nhận, nên chưa thể kiểm tra thực tế.")
        )
    existing = _open_inspection(facility, basis.template, by)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            inspection = Assessment.objects.create(
                facility=facility,
                template=basis.template,
                version=basis.version,
                kind=AssessmentKind.INSPECTION,
                based_on=basis,
                created_by=by,
            )
            Answer.objects.bulk_create(
                [
                    Answer(assessment=inspection, item_id=a.item_id, met=a.met, option_id=a.option_id)
                    for a in basis.answers.all()
                ]
            )
            activity_record(
                actor=by,
                action=Action.INSPECTION_STARTED,
                facility=facility,
                target=inspection,
                summary=_("Bắt đầu kiểm tra thực tế, đối chiếu bản tự đánh giá ký ngày %(date)s")
                % {"date": _date(basis.signed_at)},
            )
            return inspection
    except IntegrityError:
        # Two taps on the button at once: the other request made it.
        existing = _open_inspection(facility, basis.template, by)
        if existing is None:
            raise
        return existing


def inspection_signed(inspection, by) -> None:
    """In assessment_sign's transaction, once the inspection is locked and stored: its result
    becomes the facility's level, and the Nhật ký says so."""
    inspection.facility.record_inspected(inspection.level, inspection.signed_at)
    activity_record(
        actor=by,
        action=Action.INSPECTION_SIGNED,
        facility=inspection.facility,
        target=inspection,
        summary=inspection_summary(inspection),
        # At the signature: the Discrepancy flag the scan opens from it then reads after it.
        at=inspection.signed_at,
    )


def inspection_summary(inspection) -> str:
    return _("Kiểm tra thực tế: %(level)s (%(score)s %%), %(n)d nội dung không đúng với tự đánh giá") % {
        "level": inspection.get_level_display(),
        "score": f"{inspection.score:.1f}".replace(".", ","),
        "n": inspection.discrepancy_count or 0,
    }


def latest_inspection(facility):
    """The facility's latest signed inspection, or None (its home page and officers' pages)."""
    return (
        Assessment.objects.inspections()
        .signed()
        .filter(facility=facility)
        .select_related("signed_by__office", "signed_by__unit", "based_on", "version")
        .order_by("-signed_at", "-pk")
        .first()
    )


def inspector_unit(user) -> str:
    """Who inspected, as the facility is told it: the officer's office, else their scope."""
    if user is None:
        return ""
    if user.office_id:
        return user.office.name
    return user.scope_label()


def _date(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""
