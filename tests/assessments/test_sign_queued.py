"""A signature drawn offline and sent later from the phone's outbox (POST
/danh-gia/<pk>/ky-ngoai-tuyen/), and the idempotency keys every outbox item carries: the
server decides what counts, and a replay never doubles anything."""

import base64
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, OutboxReceipt, Photo
from assessments.services import answer_save
from checklists.services import version_new_draft, version_publish
from tests.factories.assessments import jpeg_bytes, signature_png, upload

pytestmark = pytest.mark.django_db


def data_url():
    return "data:image/png;base64," + base64.b64encode(signature_png()).decode()


def filled(client, assessment, *, photo=True):
    """The outbox's changes as the phone sends them: every item met, the photo 1.1 needs."""
    for item in assessment.version.items_in_order():
        client.post(reverse("assessments:autosave", args=[assessment.pk, item.pk]), {"met": "1"})
        if photo and item.photo_required:
            client.post(
                reverse("assessments:photo_upload", args=[assessment.pk, item.pk]),
                {"photo": upload("a.jpg", jpeg_bytes())},
            )
    return [
        {"item": item.pk, "met": True, "option": None, "note": ""}
        for item in assessment.version.items_in_order()
    ]


def send_signature(client, assessment, answers, key="sign-1", device_time=None):
    device_time = device_time or timezone.now() - timedelta(hours=3)
    return client.post(
        reverse("assessments:sign_queued", args=[assessment.pk]),
        {
            "signer_name": "Giàng A Páo",
            "signer_position": "Chủ nhiệm HTX",
            "signature": data_url(),
            "device_signed_at": device_time.isoformat(),
            "answers": json.dumps(answers),
        },
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_signature_queued_offline_is_signed_with_the_servers_digest_and_both_times(
    client_facility, assessment
):
    answers = filled(client_facility, assessment)
    device_time = timezone.now() - timedelta(hours=3)
    r = send_signature(client_facility, assessment, answers, device_time=device_time)
    assert r.status_code == 200 and r.json()["level"] == "green"
    signed = Assessment.objects.get(pk=assessment.pk)
    assert signed.status == "signed" and signed.digest_matches()
    assert abs(signed.device_signed_at - device_time) < timedelta(seconds=1)
    assert signed.signed_at > device_time  # the server's time of receipt
    page = client_facility.get(reverse("assessments:detail", args=[signed.pk])).content.decode()
    assert "Ký trên thiết bị (khi ngoại tuyến)" in page and "tính theo thời điểm máy chủ nhận chữ ký" in page


def test_on_time_goes_by_the_servers_receipt_not_the_phones_clock(client_facility, assessment, facility):
    facility.due_at = timezone.now() - timedelta(days=30)  # long past due and grace
    facility.save(update_fields=["due_at"])
    answers = filled(client_facility, assessment)
    # The phone says it signed before the deadline; the server received it today.
    r = send_signature(client_facility, assessment, answers, device_time=timezone.now() - timedelta(days=40))
    assert r.status_code == 200 and r.json()["on_time"] is False
    assert Assessment.objects.get(pk=assessment.pk).on_time is False


def test_a_second_devices_change_refuses_the_signature_and_keeps_the_draft(client_facility, assessment):
    answers = filled(client_facility, assessment)
    first = assessment.version.items_in_order().last()
    answer_save(assessment=assessment, item_id=first.pk, met=False)  # the other phone
    r = send_signature(client_facility, assessment, answers)
    assert r.status_code == 409 and r.json()["code"] == "changed"
    assert "thiết bị khác" in r.json()["error"]
    kept = Assessment.objects.get(pk=assessment.pk)
    assert kept.is_open and not kept.signature
    assert (
        Answer.objects.filter(assessment=kept).count() == 3
        and Photo.objects.filter(assessment=kept).count() == 1
    )


def test_a_version_retired_while_offline_refuses_the_signature_and_loses_nothing(
    client_facility, assessment, template
):
    answers = filled(client_facility, assessment)
    version_publish(version=version_new_draft(template=template))
    r = send_signature(client_facility, assessment, answers)
    assert r.status_code == 409 and r.json()["code"] == "retired"
    assert "phiên bản mới" in r.json()["error"]
    kept = Assessment.objects.get(pk=assessment.pk)
    assert kept.is_open and kept.answers.filter(met=True).count() == 3 and kept.photos.count() == 1


def test_a_signature_missing_a_required_photo_is_refused_with_the_items_name(client_facility, assessment):
    answers = filled(client_facility, assessment, photo=False)
    r = send_signature(client_facility, assessment, answers)
    assert r.status_code == 409 and r.json()["code"] == "problems"
    assert "cần ít nhất một ảnh chụp" in r.json()["error"]
    assert Assessment.objects.get(pk=assessment.pk).is_open


def test_a_replayed_signature_gets_the_first_answer_and_signs_once(client_facility, assessment):
    answers = filled(client_facility, assessment)
    first = send_signature(client_facility, assessment, answers, key="k-sign")
    again = send_signature(client_facility, assessment, answers, key="k-sign")
    assert again.status_code == 200 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Assessment.objects.filter(pk=assessment.pk, status="signed").count() == 1
    # Another key for a signed assessment is told plainly that it is signed already.
    other = send_signature(client_facility, assessment, answers, key="k-other")
    assert other.status_code == 409 and "đã được ký xác nhận" in other.json()["error"]


def test_an_old_change_replayed_after_a_newer_one_does_not_undo_it(client_facility, assessment):
    item = assessment.version.items_in_order().first()
    url = reverse("assessments:autosave", args=[assessment.pk, item.pk])
    client_facility.post(url, {"met": "1"}, HTTP_IDEMPOTENCY_KEY="change-1")
    client_facility.post(url, {"met": "0"}, HTTP_IDEMPOTENCY_KEY="change-2")
    replay = client_facility.post(url, {"met": "1"}, HTTP_IDEMPOTENCY_KEY="change-1")
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    assert Answer.objects.get(assessment=assessment, item=item).met is False


def test_a_photo_sent_twice_under_one_key_is_stored_once(client_facility, assessment):
    item = assessment.version.items_in_order().first()
    url = reverse("assessments:photo_upload", args=[assessment.pk, item.pk])
    first = client_facility.post(
        url, {"photo": upload("a.jpg", jpeg_bytes())}, HTTP_IDEMPOTENCY_KEY="photo-1"
    )
    again = client_facility.post(
        url, {"photo": upload("a.jpg", jpeg_bytes())}, HTTP_IDEMPOTENCY_KEY="photo-1"
    )
    assert again.json()["id"] == first.json()["id"]
    assert Photo.objects.filter(assessment=assessment).count() == 1
    assert OutboxReceipt.objects.filter(key="photo-1").count() == 1


def test_another_accounts_key_is_not_a_replay_of_mine(client, assessment, other_facility, facility):
    client.force_login(other_facility.user)
    item = assessment.version.items_in_order().first()
    url = reverse("assessments:autosave", args=[assessment.pk, item.pk])
    assert client.post(url, {"met": "1"}, HTTP_IDEMPOTENCY_KEY="same").status_code == 404
    client.force_login(facility.user)
    assert client.post(url, {"met": "1"}, HTTP_IDEMPOTENCY_KEY="same").status_code == 200
    assert Answer.objects.get(assessment=assessment, item=item).met is True
