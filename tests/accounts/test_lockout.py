"""Lockout per username from any address, a brake on spraying from one address, and the client
address taken from the trusted proxy's X-Forwarded-For entry (README "Lockout and sessions")."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "172.18.0.2"


def login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


@pytest.fixture
def spray_limit(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    return settings.LOGIN_ADDRESS_FAILURE_LIMIT


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_a_second_address_does_not_get_more_guesses(client, settings):
    UserFactory(username="coso.a")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "coso.a", "sai", REMOTE_ADDR="203.0.113.7")
    r = login(client, "coso.a", PASSWORD, REMOTE_ADDR="198.51.100.9")
    assert r.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in r.content.decode()


def test_one_password_sprayed_over_many_usernames_from_one_address_is_stopped(client, spray_limit):
    UserFactory(username="coso.a")
    for n in range(spray_limit):
        assert login(client, f"coso.{n}", "Matkhau@123", REMOTE_ADDR="203.0.113.7").status_code == 200
    r = login(client, "coso.a", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert r.status_code == 429
    assert "Tạm ngừng đăng nhập từ mạng này" in r.content.decode()
    # Another address is not held up, and neither is the sprayed-at account.
    assert login(client, "coso.a", PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_a_few_typos_from_a_shared_address_do_not_stop_it(client, spray_limit):
    UserFactory(username="coso.a")
    for n in range(spray_limit - 1):
        login(client, f"coso.{n}", "sai", REMOTE_ADDR="203.0.113.7")
    assert login(client, "coso.a", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 302


def test_the_spray_brake_lifts_after_its_window(client, spray_limit, settings, time_machine):
    UserFactory(username="coso.a")
    time_machine.move_to("2026-12-01 09:00 +07:00", tick=False)
    for n in range(spray_limit):
        login(client, f"coso.{n}", "sai", REMOTE_ADDR="203.0.113.7")
    assert login(client, "coso.a", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 429
    time_machine.shift(settings.LOGIN_ADDRESS_WINDOW)
    assert login(client, "coso.a", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 302


def test_behind_the_proxy_the_forwarded_client_address_is_recorded(client, behind_proxy):
    login(client, "coso.a", "sai", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_behind_the_proxy_a_spoofed_left_most_entry_is_not_trusted(client, behind_proxy):
    login(client, "coso.a", "sai", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.9.8.7, 203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_behind_the_proxy_spraying_is_stopped_per_client_not_for_everyone(client, behind_proxy, spray_limit):
    UserFactory(username="coso.a")
    for n in range(spray_limit):
        # The sprayer writes a new made-up address in front of each request.
        login(client, f"coso.{n}", "sai", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7")
    r = login(client, "coso.a", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert r.status_code == 429
    r = login(client, "coso.a", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert r.status_code == 302


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, spray_limit):
    UserFactory(username="coso.a")
    for n in range(spray_limit):
        login(client, f"coso.{n}", "sai", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").count() == spray_limit
    r = login(client, "coso.a", PASSWORD, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert r.status_code == 429


def test_the_admin_login_is_braked_too(client, spray_limit):
    for n in range(spray_limit):
        login(client, f"coso.{n}", "sai", REMOTE_ADDR="203.0.113.7")
    r = client.post(reverse("admin:login"), {"username": "admin", "password": "x"}, REMOTE_ADDR="203.0.113.7")
    assert r.status_code == 429
