"""The officer's "Yêu cầu khắc phục" form, opened from the facility page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Action, Activity
from assessments.corrective import CorrectiveRequest, RequestStatus
from tests.factories import UserFactory, issued_facility
from tests.factories.assessments import make_template
from tests.factories.corrective import signed_with_unmet

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility(commune_a):
    return issued_facility(unit=commune_a, name="Công ty May Điện Biên")


@pytest.fixture
def assessment(facility):
    return signed_with_unmet(facility, make_template())


@pytest.fixture
def officer(province):
    return UserFactory(role="province", unit=province, username="so.dienbien")


def url(facility):
    return reverse("reports:corrective_request_new", args=[facility.pk])


def in_a_week():
    return (timezone.localdate() + timedelta(days=7)).isoformat()


def test_the_form_offers_only_the_unmet_items_of_the_latest_signed_assessment(
    client, officer, facility, assessment
):
    client.force_login(officer)
    page = client.get(url(facility)).content.decode()
    assert "Đeo khẩu trang" in page and "Khử khuẩn hằng ngày" in page
    assert "Có điểm rửa tay" not in page  # met: nothing to fix


def test_ticked_items_and_a_written_one_make_one_request_with_the_criteria_copied(
    client, officer, facility, assessment
):
    client.force_login(officer)
    unmet = assessment.version.items_in_order().get(code="1.2")
    response = client.post(
        url(facility), {"items": [unmet.pk], "text": "Sửa cửa thoát hiểm", "deadline": in_a_week()}
    )
    corrective = CorrectiveRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == corrective.get_absolute_url()
    assert corrective.assessment == assessment and corrective.status == RequestStatus.OPEN
    assert [(i.code, i.text) for i in corrective.items.all()] == [
        ("1.2", "Đeo khẩu trang"),
        ("", "Sửa cửa thoát hiểm"),
    ]
    # The checklist may change later; the request keeps what was asked.
    unmet.text = "Đổi nội dung"
    assert corrective.items.first().text == "Đeo khẩu trang"
    entry = Activity.objects.get()
    assert (entry.action, entry.actor, entry.facility, entry.target) == (
        Action.REQUEST_CREATED,
        officer,
        facility,
        corrective,
    )
    assert "2 nội dung" in entry.summary


def test_a_deadline_in_the_past_is_refused_and_keeps_what_was_ticked_and_typed(
    client, officer, facility, assessment
):
    client.force_login(officer)
    unmet = assessment.version.items_in_order().get(code="1.3")
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url(facility), {"items": [unmet.pk], "text": "Sửa biển báo", "deadline": yesterday.isoformat()}
    )
    page = response.content.decode()
    assert response.status_code == 200 and not CorrectiveRequest.objects.exists()
    assert f"Hạn khắc phục {yesterday:%d/%m/%Y} đã qua" in page
    other = assessment.version.items_in_order().get(code="1.2")
    assert re.search(rf'<input[^>]*value="{unmet.pk}"[^>]*checked', page)
    assert not re.search(rf'<input[^>]*value="{other.pk}"[^>]*checked', page)
    assert "Sửa biển báo" in page and yesterday.isoformat() in page
    assert not Activity.objects.exists()


def test_nothing_to_fix_is_refused_with_a_clear_message(client, officer, facility, assessment):
    client.force_login(officer)
    response = client.post(url(facility), {"text": "  ", "deadline": in_a_week()})
    assert "Hãy chọn ít nhất một nội dung chưa đáp ứng" in response.content.decode()
    assert not CorrectiveRequest.objects.exists()


def test_an_item_not_unmet_in_the_latest_assessment_is_refused(client, officer, facility, assessment):
    client.force_login(officer)
    met = assessment.version.items_in_order().get(code="1.1")
    response = client.post(url(facility), {"items": [met.pk], "deadline": in_a_week()})
    assert "không còn trong bản đánh giá gần nhất" in response.content.decode()
    assert not CorrectiveRequest.objects.exists()


def test_a_facility_never_assessed_gets_a_written_request(client, officer, commune_a):
    fresh = issued_facility(unit=commune_a, name="Cơ sở mới")
    client.force_login(officer)
    assert "chưa có bản đánh giá đã ký" in client.get(url(fresh)).content.decode()
    client.post(url(fresh), {"text": "Trang bị bình chữa cháy", "deadline": in_a_week()})
    corrective = CorrectiveRequest.objects.get()
    assert corrective.assessment is None and corrective.items.get().text == "Trang bị bình chữa cháy"


def test_an_officer_of_another_unit_cannot_reach_the_form(client, facility, commune_b):
    elsewhere = UserFactory(role="local", unit=commune_b)
    client.force_login(elsewhere)
    assert client.get(url(facility)).status_code == 404
    assert client.post(url(facility), {"text": "x", "deadline": in_a_week()}).status_code == 404
    assert not CorrectiveRequest.objects.exists()


def test_the_facility_page_has_the_button_and_lists_open_requests(client, officer, facility, assessment):
    client.force_login(officer)
    client.post(url(facility), {"text": "Sửa cửa thoát hiểm", "deadline": in_a_week()})
    page = client.get(reverse("reports:facility_detail", args=[facility.pk])).content.decode()
    assert url(facility) in page
    assert "Yêu cầu khắc phục đang mở" in page and "Sửa cửa thoát hiểm" in page
    # The case file's timeline has the request, linked to its page.
    timeline = page[page.index('id="casefile"') :]
    assert CorrectiveRequest.objects.get().get_absolute_url() in timeline


def test_the_deadline_is_typed_and_shown_dd_mm_yyyy_like_every_date(client, officer, facility, assessment):
    """Not a native date picker: on an English-set browser that shows mm/dd/yyyy."""
    client.force_login(officer)
    page = client.get(url(facility)).content.decode()
    field = re.search(r'<input[^>]*name="deadline"[^>]*>', page).group(0)
    assert 'type="text"' in field and 'placeholder="dd/mm/yyyy"' in field
    deadline = timezone.localdate() + timedelta(days=10)
    client.post(url(facility), {"text": "Sửa cửa thoát hiểm", "deadline": deadline.strftime("%d/%m/%Y")})
    assert CorrectiveRequest.objects.get().deadline == deadline
