"""Deadline day: many facilities sign the same checklist at once (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, transaction

from assessments.services import answer_save, assessment_complete, assessment_sign, photo_add
from assessments.signals import assessment_signed
from tests.factories import issued_facility
from tests.factories.assessments import draft, jpeg_bytes, signature_png, upload

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


def completed(facility, template):
    assessment = draft(facility, template)
    for item in assessment.version.items_in_order():
        answer_save(assessment=assessment, item_id=item.pk, met=True)
        if item.photo_required:
            photo_add(assessment=assessment, item_id=item.pk, upload=upload("a.jpg", jpeg_bytes()), by=None)
    assessment_complete(assessment=assessment)
    return assessment


def sign(assessment):
    return assessment_sign(
        assessment=assessment,
        signer_name="Lò Văn Minh",
        signer_position="Giám đốc",
        signature_png=signature_png(),
        by=assessment.facility.user,
    )


def test_signing_does_not_wait_for_another_facility_signing_the_same_checklist(template, commune_a, request):
    """Two facilities sign the same checklist at the same moment: neither may queue behind
    the other (on deadline day that queue made each signature take seconds)."""
    mine = completed(issued_facility(unit=commune_a), template)
    theirs = completed(issued_facility(unit=commune_a), template)
    inside, release = threading.Event(), threading.Event()
    other_thread = []

    def hold(sender, **kwargs):
        # The last step inside the signing transaction: hold the other signature here.
        if threading.current_thread() in other_thread:
            inside.set()
            release.wait(10)

    assessment_signed.connect(hold, dispatch_uid="test-hold")
    request.addfinalizer(lambda: assessment_signed.disconnect(dispatch_uid="test-hold"))

    def other_facility_signs():
        try:
            sign(theirs)
        finally:
            connection.close()

    thread = threading.Thread(target=other_facility_signs)
    other_thread.append(thread)
    thread.start()
    try:
        assert inside.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            signed = sign(mine)
    finally:
        release.set()
        thread.join()
    assert signed.status == "signed" and signed.digest_matches()
    theirs.refresh_from_db()
    assert theirs.status == "signed"
