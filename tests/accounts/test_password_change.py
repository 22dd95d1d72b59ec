import pytest
from django.contrib.auth.hashers import make_password
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


def change(client, old, new):
    return client.post(
        reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_issued_password_is_refused_as_the_new_one_and_the_form_keeps_what_was_typed(client, issued):
    client.force_login(issued)
    r = change(client, PASSWORD, PASSWORD)
    assert r.status_code == 200
    body = r.content.decode()
    assert "Mật khẩu mới phải khác mật khẩu được cấp." in body
    assert f'value="{PASSWORD}"' in body
    issued.refresh_from_db()
    assert issued.must_change_password
    assert "no-store" in r["Cache-Control"]


@pytest.mark.parametrize(
    "new", ["kgmb-army-z1dm-ggb0-fjp8-fnq1", "KGMBARMYZ1DMGGB0FJP8FNQ1", "kgmb army zidm ggbo fjp8 fnq1"]
)
def test_generated_secret_in_any_spelling_is_refused_as_the_new_password(client, issued, new):
    issued.password = make_password("kgmb-army-z1dm-ggb0-fjp8-fnq1", hasher="lookup_sha256")
    issued.save()
    client.force_login(issued)
    r = change(client, "KGMB-ARMY-Z1DM-GGB0-FJP8-FNQ1", new)
    assert r.status_code == 200
    assert "Mật khẩu mới phải khác mật khẩu được cấp." in r.content.decode()
    issued.refresh_from_db()
    assert issued.must_change_password and issued.password.startswith("lookup_sha256$")


def test_a_later_change_to_the_same_password_is_refused(client, facility_user):
    client.force_login(facility_user)
    r = change(client, PASSWORD, PASSWORD)
    assert r.status_code == 200
    assert "Mật khẩu mới phải khác mật khẩu hiện tại." in r.content.decode()
