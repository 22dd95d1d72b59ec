"""Kiểm tra → TEMPLATES → Chống dịch Covid19 → checklist → fill, with one open draft."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Assessment, Status
from tests.factories import issued_facility
from tests.factories.assessments import draft, make_template, seed_templates

pytestmark = pytest.mark.django_db


def test_official_path_labels_lead_to_the_checklist(client_facility, template):
    page = client_facility.get("/kiem-tra/").content.decode()
    assert ">TEMPLATES</a>" in page
    page = client_facility.get("/kiem-tra/templates/").content.decode()
    assert "Chống dịch Covid19" in page
    page = client_facility.get("/kiem-tra/templates/chong-dich-covid19/").content.decode()
    assert template.name in page


def test_a_checklist_for_another_facility_type_is_neither_listed_nor_startable(client_facility):
    market_only = make_template("cho", types=("market",))
    page = client_facility.get("/kiem-tra/templates/chong-dich-covid19/").content.decode()
    assert market_only.name not in page
    assert client_facility.post(f"/kiem-tra/checklist/{market_only.pk}/bat-dau/").status_code == 404


def test_starting_twice_continues_the_same_draft(client_facility, template, facility):
    first = client_facility.post(f"/kiem-tra/checklist/{template.pk}/bat-dau/")
    second = client_facility.post(f"/kiem-tra/checklist/{template.pk}/bat-dau/")
    assert first.url == second.url
    assert Assessment.objects.filter(facility=facility).count() == 1
    page = client_facility.get(first.url).content.decode()
    assert "Có điểm rửa tay" in page and "Hoàn thành" in page


def test_the_database_refuses_a_second_open_draft(facility, template):
    from django.db import IntegrityError

    draft(facility, template)
    with pytest.raises(IntegrityError):
        draft(facility, template)


def test_stale_draft_is_kept_and_flagged_and_can_be_set_aside(client_facility, facility, template):
    old = draft(facility, template)
    Assessment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=20))
    page = client_facility.get("/co-so/").content.decode()
    assert "quá một kỳ đánh giá" in page
    client_facility.post(f"/danh-gia/{old.pk}/bo/")
    old.refresh_from_db()
    assert old.status == Status.ABANDONED
    new = client_facility.post(f"/kiem-tra/checklist/{template.pk}/bat-dau/")
    assert new.url != f"/danh-gia/{old.pk}/dien/"


def test_a_fresh_draft_cannot_be_set_aside(client_facility, assessment):
    client_facility.post(f"/danh-gia/{assessment.pk}/bo/")
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT


def test_officers_and_the_public_get_404_on_facility_pages(client, officer, template):
    assert client.get("/kiem-tra/").status_code == 302  # to login
    client.force_login(officer)
    assert client.get("/kiem-tra/").status_code == 404
    assert client.post(f"/kiem-tra/checklist/{template.pk}/bat-dau/").status_code == 404


def test_guide_is_public_and_follows_the_official_labels(client):
    page = client.get("/huong-dan/").content.decode()
    assert "“Kiểm tra” → “TEMPLATES” → “Chống dịch Covid19”" in page
    assert "guide/06-danh-gia.webp" in page


def test_facility_home_warns_when_the_due_date_is_near_and_when_it_has_passed(client_facility, facility):
    from datetime import timedelta

    from django.utils import timezone

    facility.due_at = timezone.now() + timedelta(days=1)
    facility.save(update_fields=["due_at"])
    page = client_facility.get("/co-so/").content.decode()
    assert 'data-reminder="due_soon"' in page and "Sắp đến hạn tự đánh giá." in page
    facility.due_at = timezone.now() - timedelta(days=1)
    facility.save(update_fields=["due_at"])
    page = client_facility.get("/co-so/").content.decode()
    assert 'data-reminder="overdue"' in page and "Đã quá hạn tự đánh giá." in page


def folder_rows(page):
    """(checklist name, marked Bắt buộc) for each button of the folder page."""
    rows = re.findall(
        r'<span class="fw-semibold d-block">(.*?)</span>\s*(?:<span class="small|</button>)', page, re.S
    )
    return [(re.sub(r"<.*", "", row, flags=re.S).strip(), "Bắt buộc" in row) for row in rows]


@pytest.mark.parametrize(
    ("facility_type", "dormitory", "expected"),
    [
        ("factory", True, {"noi-lam-viec": True, "ky-tuc-xa": True, "nguy-co-2194": False}),
        ("market", False, {"khu-dich-vu": True, "nguy-co-2194": False}),
    ],
)
def test_folder_marks_the_checklists_that_set_the_colour_and_due_date_as_required(
    client, commune_a, facility_type, dormitory, expected
):
    templates = seed_templates()
    facility = issued_facility(unit=commune_a, facility_type=facility_type, has_dormitory=dormitory)
    client.force_login(facility.user)
    page = client.get("/kiem-tra/templates/chong-dich-covid19/").content.decode()
    assert sorted(folder_rows(page)) == sorted(
        (html.escape(templates[slug].name), required) for slug, required in expected.items()
    )
    note = re.search(r'<p class="small" id="required-note">(.*?)</p>', page, re.S).group(1)
    assert "cập nhật màu trên bản đồ và hạn đánh giá tiếp theo" in note
    assert "Tự chọn" in note and "không đổi màu trên bản đồ" in note
