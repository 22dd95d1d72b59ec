"""A checklist started offline with no draft: the blank fill page the service worker keeps
(GET /kiem-tra/checklist/<id>/ngoai-tuyen/) and the outbox's "start" item that makes the
draft when the connection returns (POST …/bat-dau-ngoai-tuyen/), exactly once."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.views.offline import offline_plan
from tests.assessments.test_sign_queued import filled, send_signature
from tests.factories.assessments import draft

pytestmark = pytest.mark.django_db


def send_start(client, template, key="start-1"):
    return client.post(reverse("assessments:start_queued", args=[template.pk]), HTTP_IDEMPOTENCY_KEY=key)


def test_the_home_page_has_the_worker_keep_a_blank_page_for_a_checklist_with_no_draft(facility, template):
    plan = offline_plan(facility, [])
    blank = reverse("assessments:fill_blank", args=[template.pk])
    assert blank in plan["pages"]
    assert plan["starts"][reverse("assessments:start", args=[template.pk])] == blank


def test_with_an_open_draft_the_start_button_still_opens_that_draft_offline(facility, template, assessment):
    plan = offline_plan(facility, [assessment])
    assert plan["starts"][reverse("assessments:start", args=[template.pk])] == reverse(
        "assessments:fill", args=[assessment.pk]
    )
    assert reverse("assessments:fill_blank", args=[template.pk]) not in plan["pages"]


def test_the_blank_page_shows_the_checklist_and_is_kept_offline_without_making_a_draft(
    client_facility, facility, template
):
    r = client_facility.get(reverse("assessments:fill_blank", args=[template.pk]))
    assert r.status_code == 200
    assert r["X-SafeMap-Offline"] == str(facility.user.pk)
    page = r.content.decode()
    assert template.name in page
    start_url = reverse("assessments:start_queued", args=[template.pk])
    assert f'data-start-url="{start_url}"' in page
    assert not Assessment.objects.filter(facility=facility).exists()


def test_the_queued_start_makes_one_draft_and_a_replay_makes_none(client_facility, facility, template):
    first = send_start(client_facility, template)
    assert first.status_code == 200
    made = Assessment.objects.get(facility=facility, template=template)
    assert first.json()["id"] == made.pk
    assert first.json()["url"] == reverse("assessments:fill", args=[made.pk])
    again = send_start(client_facility, template)
    assert again.json()["id"] == made.pk
    assert Assessment.objects.filter(facility=facility).count() == 1


def test_a_replayed_start_after_signing_returns_the_signed_draft_and_starts_nothing(
    client_facility, facility, template
):
    made = Assessment.objects.get(pk=send_start(client_facility, template).json()["id"])
    answers = filled(client_facility, made)
    assert send_signature(client_facility, made, answers).status_code == 200
    again = send_start(client_facility, template)
    assert again.json()["id"] == made.pk
    assert Assessment.objects.filter(facility=facility).count() == 1


def test_a_start_queued_while_another_device_had_a_draft_returns_that_draft(
    client_facility, facility, template
):
    other = draft(facility, template)
    assert send_start(client_facility, template).json()["id"] == other.pk
    assert Assessment.objects.filter(facility=facility).count() == 1


def test_a_start_without_the_devices_key_is_refused_in_vietnamese(client_facility, facility, template):
    r = client_facility.post(reverse("assessments:start_queued", args=[template.pk]))
    assert r.status_code == 400
    assert r.json()["error"] == "Thiếu mã gửi của thiết bị."
    assert not Assessment.objects.filter(facility=facility).exists()


def test_a_start_for_a_checklist_withdrawn_meanwhile_is_refused_with_a_reason(
    client_facility, facility, template
):
    template.is_active = False
    template.save()
    r = send_start(client_facility, template)
    assert r.status_code == 404
    assert "không còn dùng được" in r.json()["error"]
    assert not Assessment.objects.filter(facility=facility).exists()
