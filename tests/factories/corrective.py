"""Corrective requests (Yêu cầu khắc phục) made and answered through the real services."""

from datetime import timedelta

from django.utils import timezone

from assessments.corrective_services import (
    latest_signed_assessment,
    request_answer,
    request_create,
    unmet_items,
)
from assessments.photos import process
from tests.factories.assessments import jpeg_bytes, upload


def corrective_request(facility, by, *, deadline=None, text="Sửa lối thoát hiểm", items=None):
    """A request on ``facility`` by officer ``by``: the given items (default: none) of its
    latest signed assessment and/or a free text, due in a week unless told."""
    assessment = latest_signed_assessment(facility)
    return request_create(
        facility=facility,
        assessment=assessment,
        items=items if items is not None else [],
        text=text,
        deadline=deadline or timezone.localdate() + timedelta(days=7),
        by=by,
    )


def with_unmet_items(facility, by, **kwargs):
    """A request covering every unmet item of the facility's latest signed assessment."""
    items = unmet_items(latest_signed_assessment(facility))
    return corrective_request(facility, by, items=items, **kwargs)


def answered(corrective, note="Đã lắp biển chỉ dẫn", photos=1):
    processed = [process(upload(f"sau-{n}.jpg", jpeg_bytes((64, 48)))) for n in range(photos)]
    request_answer(request=corrective, note=note, processed=processed, by=corrective.facility.user)
    corrective.refresh_from_db()
    return corrective


def signed_with_unmet(facility, template, unmet=("1.2", "1.3")):
    """A signed assessment of ``template`` meeting every item but those coded ``unmet``."""
    from assessments.services import answer_save, assessment_complete, assessment_sign, photo_add
    from tests.factories.assessments import draft, signature_png

    assessment = draft(facility, template)
    for item in assessment.version.items_in_order():
        answer_save(assessment=assessment, item_id=item.pk, met=item.code not in unmet)
        if item.photo_required:
            photo_add(
                assessment=assessment, item_id=item.pk, upload=upload("a.jpg", jpeg_bytes()), by=facility.user
            )
    assessment_complete(assessment=assessment)
    return assessment_sign(
        assessment=assessment,
        signer_name="Lò Văn Minh",
        signer_position="Giám đốc",
        signature_png=signature_png(),
        by=facility.user,
    )
