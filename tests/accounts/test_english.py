"""The language switch gives an English UI, except the official click path labels, which
printed official letters tell facilities to click and so read the same in both languages."""

import pytest
from django.urls import reverse

from tests.factories import issued_facility
from tests.factories.assessments import draft, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    r = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert r.status_code == 302
    return client


@pytest.fixture
def facility(commune_a):
    return issued_facility(unit=commune_a, name="Công ty May Điện Biên")


def test_login_page_is_in_english(english):
    page = english.get(reverse("login")).content.decode()
    assert "Username" in page and "Password" in page and "Log in" in page
    assert "Use the username and password you were given." in page
    assert "Tên đăng nhập" not in page and "Mật khẩu" not in page


def test_wrong_password_error_is_in_english(english, facility):
    r = english.post(reverse("login"), {"username": facility.user.username, "password": "sai"})
    page = r.content.decode()
    assert "Incorrect username or password." in page
    assert "không đúng" not in page


def test_public_map_is_in_english(english):
    page = english.get(reverse("reports:public_map")).content.decode()
    assert "<title>Map · Living Safely Map</title>" in page
    assert "Green — Safe" in page and "Grey — Not assessed / Overdue" in page
    assert "Search by name or address" in page and "Filter" in page
    assert "Chú giải" not in page and "Xanh — An toàn" not in page


def test_facility_home_is_in_english_but_keeps_the_kiem_tra_button(english, facility):
    english.force_login(facility.user)
    page = english.get(reverse("assessments:home")).content.decode()
    assert "Assessment history" in page and "My facility" in page
    assert "Not assessed" in page
    assert ">Kiểm tra</a>" in page
    assert "Lịch sử đánh giá" not in page


def test_official_path_keeps_its_labels_in_english(english, facility):
    template = make_template()
    english.force_login(facility.user)
    inspect = english.get(reverse("assessments:inspect")).content.decode()
    assert '<h1 class="h4">Kiểm tra</h1>' in inspect and ">TEMPLATES</a>" in inspect
    assessment = draft(facility, template)
    fill = english.get(reverse("assessments:fill", args=[assessment.pk])).content.decode()
    assert ">Hoàn thành</button>" in fill
    assert "Tick the box if your facility meets the item" in fill
    assert "Đánh dấu vào ô vuông" not in fill


def test_guide_names_the_official_labels_inside_english_text(english):
    page = english.get(reverse("assessments:guide")).content.decode()
    assert "Choose “Kiểm tra” → “TEMPLATES” → “Chống dịch Covid19”." in page
    assert "Press “Hoàn thành”." in page


def test_javascript_catalog_has_english_map_texts(english):
    body = english.get(reverse("javascript-catalog")).content.decode()
    assert '"Ch\\u01b0a \\u0111\\u00e1nh gi\\u00e1 / Qu\\u00e1 h\\u1ea1n": "Not assessed / Overdue"' in body
    assert '"At risk"' in body and '"View details"' in body


def test_javascript_catalog_stays_vietnamese_by_default(client):
    body = client.get(reverse("javascript-catalog")).content.decode()
    assert "Not assessed / Overdue" not in body


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Tên đăng nhập" in body
