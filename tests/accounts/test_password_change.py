import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Cho-Dien-Bien-2021"


@pytest.fixture
def issued(facility_user):
    facility_user.must_change_password = True
    facility_user.save()
    return facility_user


@pytest.mark.parametrize(
    "url",
    [
        "home",
        "assessments:home",
        "assessments:inspect",
        "assessments:guide",
        "reports:dashboard",
        "admin:index",
    ],
)
def test_issued_password_reaches_no_page_but_the_password_change(client, issued, url):
    client.force_login(issued)
    r = client.get(reverse(url))
    assert r.status_code == 302
    assert r["Location"] == reverse("password_change")


def test_password_change_page_explains_why(client, issued):
    client.force_login(issued)
    r = client.get(reverse("password_change"))
    assert "mật khẩu được cấp" in r.content.decode()


def test_changing_the_password_unlocks_the_account(client, issued):
    client.force_login(issued)
    r = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert r.status_code == 302
    issued.refresh_from_db()
    assert not issued.must_change_password
    assert issued.check_password(NEW_PASSWORD)
    assert client.get(reverse("assessments:home")).status_code == 200


def test_weak_new_password_is_refused_in_vietnamese(client, issued):
    client.force_login(issued)
    r = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in body
    issued.refresh_from_db()
    assert issued.must_change_password


def test_admin_reset_forces_a_change_at_next_login(client):
    admin = UserFactory(username="admin", role="admin", is_staff=True, is_superuser=True)
    user = UserFactory(username="coso.x")
    client.force_login(admin)
    r = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "Tam-thoi-2021x", "password2": "Tam-thoi-2021x", "usable_password": "true"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    user = User.objects.get(pk=user.pk)
    assert user.must_change_password
    assert user.check_password("Tam-thoi-2021x")
