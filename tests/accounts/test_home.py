import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_public_home_offers_the_map_and_login(client):
    r = client.get(reverse("home"))
    body = r.content.decode()
    assert r.status_code == 200
    assert reverse("reports:public_map") in body and reverse("login") in body
    assert "Chưa đánh giá / Quá hạn" in body


def test_language_switch_gives_english(client):
    r = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert r.status_code == 200
    assert '<html lang="en">' in r.content.decode()


def test_dates_are_day_month_year(client, facility_user, facility_a):
    client.force_login(facility_user)
    body = client.get(reverse("assessments:home")).content.decode()
    facility_a.refresh_from_db()
    assert timezone.localtime(facility_a.due_at).strftime("%d/%m/%Y") in body
