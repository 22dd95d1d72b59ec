import pytest
from django.urls import reverse

from accounts.choices import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_vietnamese(client):
    r = client.get(reverse("login"))
    assert r.status_code == 200
    assert "Tên đăng nhập" in r.content.decode()
    assert "Mật khẩu" in r.content.decode()


def test_wrong_password_says_so_in_vietnamese_and_keeps_username(client):
    UserFactory(username="coso.a")
    r = login(client, "coso.a", "sai-mat-khau")
    body = r.content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in body
    assert 'value="coso.a"' in body


def test_facility_login_lands_on_its_home(client, facility_user):
    r = login(client, "coso.a")
    assert r.status_code == 302
    r = client.get(r["Location"], follow=True)
    assert r.redirect_chain[-1][0] == reverse("assessments:home")
    assert "Chợ Điện Biên" in r.content.decode()


def test_officer_login_lands_on_dashboard(client, province):
    UserFactory(username="so", role=Role.PROVINCE, unit=province)
    r = login(client, "so")
    r = client.get(r["Location"], follow=True)
    assert r.redirect_chain[-1][0] == reverse("reports:dashboard")


def test_repeated_failed_logins_lock_out_with_a_clear_message(client, settings):
    UserFactory(username="coso.a")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "coso.a", "sai").status_code == 200
    r = login(client, "coso.a", "sai")
    assert r.status_code == 429
    assert "tạm thời bị khóa" in r.content.decode()
    # Even the right password is refused while locked out.
    r = login(client, "coso.a")
    assert r.status_code == 429


def test_lockout_of_one_user_does_not_block_another(client, settings):
    UserFactory(username="coso.a")
    UserFactory(username="coso.b")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "coso.a", "sai")
    assert login(client, "coso.b").status_code == 302


def test_logout_needs_post_and_ends_the_session(client, facility_user):
    client.force_login(facility_user)
    assert client.get(reverse("logout")).status_code == 200
    assert client.get(reverse("assessments:home")).status_code == 200
    client.post(reverse("logout"))
    r = client.get(reverse("assessments:home"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_overlong_username_gets_a_message_not_a_server_error(client):
    r = login(client, "x" * 300, "sai-mat-khau")
    assert r.status_code == 200
    assert "150" in r.content.decode()  # "at most 150 characters", in Vietnamese
