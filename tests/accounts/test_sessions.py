"""Idle and absolute session timeouts per role (settings.SESSION_LIMITS), and the clerk's draft
surviving the forced re-login."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.choices import Role
from assessments.models import Answer
from tests.factories import PASSWORD, UserFactory, issued_facility
from tests.factories.assessments import draft, make_template

pytestmark = pytest.mark.django_db

EXPIRED = "Phiên đăng nhập đã hết hạn"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to("2026-12-01 08:00 +07:00", tick=False)
    return time_machine


@pytest.fixture
def facility(commune_a):
    return issued_facility(unit=commune_a, name="Công ty May Điện Biên")


@pytest.fixture
def assessment(facility):
    return draft(facility, make_template())


def login(client, username, **data):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, **data})


def is_logged_out(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_idle_clerk_must_log_in_again_and_lands_back_on_the_same_draft_with_its_answers(
    client, clock, settings, facility, assessment
):
    idle, _absolute = settings.SESSION_LIMITS["facility"]
    fill = reverse("assessments:fill", args=[assessment.pk])
    item = assessment.version.items_in_order().get(code="1.2")
    autosave = reverse("assessments:autosave", args=[assessment.pk, item.pk])
    assert login(client, facility.user.username).status_code == 302
    assert client.post(autosave, {"met": "1", "note": "Sáng 7 giờ"}).json()["ok"]

    clock.shift(idle - timedelta(minutes=1))
    assert client.get(fill).status_code == 200  # still in, and the idle time starts again
    clock.shift(idle + timedelta(seconds=1))
    r = client.get(fill)
    assert is_logged_out(r)
    # A save sent after the timeout is not taken (the page keeps it and retries after login).
    assert is_logged_out(client.post(autosave, {"met": "0"}))

    login_page = client.get(r["Location"]).content.decode()
    assert EXPIRED in login_page
    r = login(client, facility.user.username, next=fill)
    assert r.status_code == 302 and r["Location"] == fill
    page = client.get(fill).content.decode()
    assert "Sáng 7 giờ" in page and page.count("checked") == 1
    assert Answer.objects.get(assessment=assessment, item=item).met is True


def test_a_busy_clerk_is_still_asked_to_log_in_again_after_the_absolute_limit(
    client, clock, settings, facility
):
    idle, absolute = settings.SESSION_LIMITS["facility"]
    home = reverse("assessments:home")
    login(client, facility.user.username)
    elapsed = timedelta(0)
    while elapsed + idle / 2 < absolute:
        clock.shift(idle / 2)
        elapsed += idle / 2
        assert client.get(home).status_code == 200
    clock.shift(absolute - elapsed + timedelta(seconds=1))
    assert is_logged_out(client.get(home))


def test_an_officer_at_a_desk_has_a_longer_idle_limit_than_a_clerk(client, clock, settings, province):
    clerk_idle, _ = settings.SESSION_LIMITS["facility"]
    officer_idle, _ = settings.SESSION_LIMITS["officer"]
    assert officer_idle > clerk_idle
    UserFactory(username="so", role=Role.PROVINCE, unit=province)
    login(client, "so")
    dashboard = reverse("reports:dashboard")
    clock.shift(clerk_idle + timedelta(minutes=1))
    assert client.get(dashboard).status_code == 200
    clock.shift(officer_idle + timedelta(seconds=1))
    assert is_logged_out(client.get(dashboard))


def test_the_session_cookie_does_not_outlive_the_longest_session(client, settings, facility):
    r = login(client, facility.user.username)
    longest = max(absolute for _idle, absolute in settings.SESSION_LIMITS.values())
    assert int(r.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == longest.total_seconds()
    assert longest <= timedelta(hours=12)
