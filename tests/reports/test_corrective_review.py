"""The officer's page of one corrective request: its rounds with photos, Chấp nhận and
Yêu cầu làm lại (with a reason, maybe a new deadline)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Action, Activity
from assessments.corrective import CorrectivePhoto, RequestStatus
from tests.factories import UserFactory, issued_facility
from tests.factories.corrective import answered, corrective_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(province):
    return UserFactory(role="province", unit=province, username="so.dienbien")


@pytest.fixture
def corrective(commune_a, officer):
    facility = issued_facility(unit=commune_a, name="Công ty May Điện Biên")
    return corrective_request(facility, officer, text="Sửa lối thoát hiểm")


def page_of(corrective):
    return reverse("reports:corrective_request", args=[corrective.pk])


def test_the_page_shows_every_round_with_its_photos(client, officer, corrective):
    answered(corrective, note="Đã lắp biển chỉ dẫn", photos=2)
    client.force_login(officer)
    page = client.get(page_of(corrective)).content.decode()
    assert "Sửa lối thoát hiểm" in page and "Đã lắp biển chỉ dẫn" in page
    for photo in CorrectivePhoto.objects.all():
        assert reverse("assessments:corrective_photo_thumb", args=[photo.pk]) in page
        assert client.get(reverse("assessments:corrective_photo", args=[photo.pk])).status_code == 200
    assert "Chấp nhận" in page and "Yêu cầu làm lại" in page


def test_accepting_closes_the_request_and_writes_the_log(client, officer, corrective):
    answered(corrective)
    client.force_login(officer)
    response = client.post(reverse("reports:corrective_request_accept", args=[corrective.pk]))
    assert response.status_code == 302
    corrective.refresh_from_db()
    assert corrective.status == RequestStatus.ACCEPTED and corrective.closed_at is not None
    entry = Activity.objects.get(action=Action.REQUEST_ACCEPTED)
    assert (entry.actor, entry.target) == (officer, corrective)
    assert "Đã chấp nhận" in client.get(page_of(corrective)).content.decode()


def test_sending_back_reopens_it_with_the_reason_and_a_new_deadline(client, officer, corrective):
    answered(corrective)
    client.force_login(officer)
    new = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("reports:corrective_request_return", args=[corrective.pk]),
        {"reason": "Ảnh chưa thấy biển chỉ dẫn", "deadline": new.isoformat()},
    )
    assert response.status_code == 302
    corrective.refresh_from_db()
    assert (corrective.status, corrective.deadline) == (RequestStatus.RETURNED, new)
    entry = Activity.objects.get(action=Action.REQUEST_RETURNED)
    assert "Ảnh chưa thấy biển chỉ dẫn" in entry.summary
    assert entry.changes["Hạn khắc phục"][1] == f"{new:%d/%m/%Y}"
    assert "Ảnh chưa thấy biển chỉ dẫn" in client.get(page_of(corrective)).content.decode()


def test_sending_back_without_a_reason_or_with_a_past_deadline_is_refused_and_keeps_the_input(
    client, officer, corrective
):
    answered(corrective)
    client.force_login(officer)
    past = timezone.localdate() - timedelta(days=2)
    response = client.post(
        reverse("reports:corrective_request_return", args=[corrective.pk]),
        {"reason": "", "deadline": past.isoformat()},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vui lòng ghi lý do yêu cầu làm lại." in page and f"Hạn khắc phục {past:%d/%m/%Y} đã qua" in page
    assert past.isoformat() in page
    corrective.refresh_from_db()
    assert corrective.status == RequestStatus.ANSWERED
    assert not Activity.objects.filter(action=Action.REQUEST_RETURNED).exists()


def test_a_request_not_yet_answered_cannot_be_accepted(client, officer, corrective):
    client.force_login(officer)
    response = client.post(reverse("reports:corrective_request_accept", args=[corrective.pk]), follow=True)
    assert "đã được xử lý" in response.content.decode()
    corrective.refresh_from_db()
    assert corrective.status == RequestStatus.OPEN


def test_officers_outside_the_scope_get_404(client, corrective, commune_b, other_province):
    answered(corrective)
    for outsider in (
        UserFactory(role="local", unit=commune_b, username="pkt.b"),
        UserFactory(role="province", unit=other_province, username="so.laichau"),
    ):
        client.force_login(outsider)
        assert client.get(page_of(corrective)).status_code == 404
        assert (
            client.post(reverse("reports:corrective_request_accept", args=[corrective.pk])).status_code == 404
        )
        photo = CorrectivePhoto.objects.get()
        assert client.get(reverse("assessments:corrective_photo", args=[photo.pk])).status_code == 404
    corrective.refresh_from_db()
    assert corrective.status == RequestStatus.ANSWERED


def test_the_facility_cannot_open_the_officer_page(client, corrective):
    client.force_login(corrective.facility.user)
    assert client.get(page_of(corrective)).status_code == 404
