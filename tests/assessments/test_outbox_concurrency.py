"""A phone's outbox can send the same item twice at the same moment (the page and Background
Sync draining together): whichever request commits first decides, the other gets its answer,
and nothing is stored twice (PostgreSQL, real concurrent transactions)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments.models import OutboxReceipt, Photo
from tests.factories.assessments import jpeg_bytes, upload

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


def test_one_photo_sent_four_times_at_once_under_one_key_is_stored_once(facility, assessment):
    item = next(i for i in assessment.version.items_in_order())
    url = reverse("assessments:photo_upload", args=[assessment.pk, item.pk])
    start, answers = threading.Barrier(4), []

    def send():
        client = Client()
        client.force_login(facility.user)
        start.wait()
        try:
            response = client.post(
                url, {"photo": upload("a.jpg", jpeg_bytes())}, HTTP_IDEMPOTENCY_KEY="photo-x"
            )
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert [status for status, _body in answers] == [200] * 4
    assert all(body == answers[0][1] for _status, body in answers)  # the same answer to every copy
    assert Photo.objects.filter(assessment=assessment).count() == 1
    assert OutboxReceipt.objects.filter(key="photo-x").count() == 1
