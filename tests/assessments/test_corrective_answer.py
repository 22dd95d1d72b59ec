"""The facility's side of a corrective request: seen on its home page, answered with a note
and photos ("Đã khắc phục"), read-only once accepted, invisible to other facilities."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Action, Activity
from assessments.corrective import CorrectivePhoto, CorrectiveResponse, RequestStatus
from assessments.corrective_services import request_accept
from reports.models import Notification, NotificationKind
from tests.factories.assessments import SVG_WITH_SCRIPT, jpeg_bytes, rotated_jpeg_bytes, upload
from tests.factories.corrective import answered, corrective_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrective(facility, officer):
    return corrective_request(facility, officer, text="Sửa lối thoát hiểm")


def url(corrective):
    return reverse("assessments:corrective_request", args=[corrective.pk])


def test_the_home_page_shows_open_requests_with_days_left_and_days_overdue(
    client_facility, facility, officer
):
    today = timezone.localdate()
    corrective_request(facility, officer, text="Lắp bình chữa cháy", deadline=today + timedelta(days=5))
    late = corrective_request(facility, officer, text="Sửa cửa thoát hiểm", deadline=today)
    late.deadline = today - timedelta(days=3)  # made when that date was still ahead
    late.save()
    page = client_facility.get(reverse("assessments:home")).content.decode()
    assert "Yêu cầu khắc phục" in page
    assert "Lắp bình chữa cháy" in page and "còn 5 ngày" in page
    assert "Sửa cửa thoát hiểm" in page and "quá hạn 3 ngày" in page
    # The overdue one first: it is the most urgent.
    assert page.index("Sửa cửa thoát hiểm") < page.index("Lắp bình chữa cháy")


def test_answering_with_a_note_and_a_photo_sends_it_for_review(
    client_facility, facility, officer, corrective, media
):
    response = client_facility.post(
        url(corrective),
        {"note": "Đã lắp biển chỉ dẫn lối thoát", "photos": [upload("sau.jpg", rotated_jpeg_bytes())]},
    )
    assert response.status_code == 302
    corrective.refresh_from_db()
    assert corrective.status == RequestStatus.ANSWERED
    answer = CorrectiveResponse.objects.get()
    assert (answer.note, answer.by) == ("Đã lắp biển chỉ dẫn lối thoát", facility.user)
    photo = CorrectivePhoto.objects.get()
    # Re-encoded like an assessment photo: upright, a JPEG of ours, under a random name.
    assert (photo.width, photo.height) == (200, 400)
    assert "sau" not in photo.image.name and photo.image.name.endswith(".jpg")
    entry = Activity.objects.get(action=Action.REQUEST_ANSWERED)
    assert (entry.actor, entry.target, entry.facility) == (facility.user, corrective, facility)
    # The officer who made the request is told, with a link to the review page.
    note = Notification.objects.get()
    assert (note.user, note.kind, note.url) == (
        officer,
        NotificationKind.REQUEST,
        corrective.get_absolute_url(),
    )
    page = client_facility.get(url(corrective)).content.decode()
    assert "đang chờ cơ quan quản lý xem xét" in page
    assert reverse("assessments:corrective_photo_thumb", args=[photo.pk]) in page
    assert client_facility.get(reverse("assessments:corrective_photo", args=[photo.pk])).status_code == 200


def test_a_file_that_is_not_a_photo_is_refused_and_the_note_is_kept(client_facility, corrective):
    response = client_facility.post(
        url(corrective),
        {"note": "Đã sửa xong cửa", "photos": [upload("anh.svg", SVG_WITH_SCRIPT, "image/svg+xml")]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tệp “anh.svg” không phải là ảnh" in page
    assert "Đã sửa xong cửa" in page
    corrective.refresh_from_db()
    assert corrective.status == RequestStatus.OPEN and not CorrectiveResponse.objects.exists()
    assert not CorrectivePhoto.objects.exists()


def test_a_note_and_at_least_one_photo_are_asked_for(client_facility, corrective):
    page = client_facility.post(url(corrective), {"note": ""}).content.decode()
    assert "Vui lòng ghi rõ cơ sở đã khắc phục thế nào." in page
    assert "Vui lòng gửi ít nhất một ảnh sau khắc phục." in page
    assert not CorrectiveResponse.objects.exists()


def test_an_accepted_request_is_read_only(client_facility, officer, corrective):
    request_accept(request=answered(corrective), by=officer)
    page = client_facility.get(url(corrective)).content.decode()
    assert "đã chấp nhận kết quả khắc phục" in page
    assert 'id="corrective-answer"' not in page
    response = client_facility.post(
        url(corrective), {"note": "lại", "photos": [upload("a.jpg", jpeg_bytes())]}
    )
    assert response.status_code == 302
    assert CorrectiveResponse.objects.filter(kind="answer").count() == 1
    # No longer among the open requests on the home page; among the finished ones.
    home = client_facility.get(reverse("assessments:home"))
    assert [r.pk for r in home.context["corrective_requests"]] == []
    assert [r.pk for r in home.context["corrective_done"]] == [corrective.pk]


def test_a_returned_request_can_be_answered_again_and_every_round_is_kept(
    client_facility, officer, corrective
):
    from assessments.corrective_services import request_return

    request_return(request=answered(corrective, note="Lần một"), by=officer, reason="Ảnh chưa rõ")
    page = client_facility.get(url(corrective)).content.decode()
    assert "Ảnh chưa rõ" in page and 'id="corrective-answer"' in page
    client_facility.post(url(corrective), {"note": "Lần hai", "photos": [upload("b.jpg", jpeg_bytes())]})
    assert list(CorrectiveResponse.objects.values_list("kind", "note")) == [
        ("answer", "Lần một"),
        ("return", "Ảnh chưa rõ"),
        ("answer", "Lần hai"),
    ]


def test_another_facility_cannot_see_or_answer_the_request(client, other_facility, corrective):
    answered(corrective)
    photo = CorrectivePhoto.objects.get()
    client.force_login(other_facility.user)
    assert client.get(url(corrective)).status_code == 404
    assert client.post(url(corrective), {"note": "x"}).status_code == 404
    assert client.get(reverse("assessments:corrective_photo", args=[photo.pk])).status_code == 404
    assert "Sửa lối thoát hiểm" not in client.get(reverse("assessments:home")).content.decode()


def test_officers_cannot_answer_for_the_facility(client, officer, corrective):
    client.force_login(officer)
    assert client.get(url(corrective)).status_code == 404
