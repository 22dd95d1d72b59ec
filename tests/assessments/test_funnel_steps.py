"""The funnel dates the assessment steps write: the first draft begun, the first required
checklist signed, each once."""

import pytest

from accounts.models import Facility
from assessments.services import assessment_start
from tests.factories.assessments import make_template, signed_assessment

pytestmark = pytest.mark.django_db


def test_the_first_draft_begun_records_the_start_once(facility, template):
    first = assessment_start(facility=facility, template=template, by=facility.user)
    facility.refresh_from_db()
    assert facility.first_started_at == first.created_at
    first.status = "abandoned"
    first.save(update_fields=["status"])
    second = assessment_start(facility=facility, template=template, by=facility.user)
    assert second.pk != first.pk
    facility.refresh_from_db()
    assert facility.first_started_at == first.created_at


def test_reopening_the_open_draft_changes_nothing(facility, template):
    first = assessment_start(facility=facility, template=template, by=facility.user)
    Facility.objects.filter(pk=facility.pk).update(first_started_at=None)
    assert assessment_start(facility=facility, template=template, by=facility.user).pk == first.pk
    facility.refresh_from_db()
    assert facility.first_started_at is None  # no draft was begun by that call


def test_the_first_signed_required_checklist_records_the_signature_once(facility, template):
    first = signed_assessment(facility, template)
    facility.refresh_from_db()
    assert facility.first_signed_at == first.signed_at
    signed_assessment(facility, template)
    facility.refresh_from_db()
    assert facility.first_signed_at == first.signed_at
    assert facility.last_signed_at > first.signed_at


def test_an_optional_self_check_is_not_the_first_signature(facility):
    optional = make_template("chi-so-rui-ro", required=False)
    signed_assessment(facility, optional)
    facility.refresh_from_db()
    assert facility.first_signed_at is None
