from unittest import mock

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from accounts.choices import Role
from accounts.hashers import SingleLaneArgon2PasswordHasher
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


# A generated secret as the letter prints it, and two other spellings the letter allows.
SECRET = "kgmb-army-z1dm-ggb0-fjp8-fnq1"
SPELLINGS = ["KGMBARMYZ1DMGGB0FJP8FNQ1", "kgmb army z1dm ggb0 fjp8 fnq1", "KGMB-ARMY-ZIDM-GGBO-FJP8-FNQ1"]


@pytest.fixture
def secret_user(db):
    user = UserFactory(username="coso.moi", must_change_password=True)
    user.password = make_password(SECRET, hasher="lookup_sha256")
    user.save()
    return user


@pytest.mark.parametrize("typed", SPELLINGS)
def test_generated_secret_keeps_working_in_the_printed_spelling_after_another_login(
    client, secret_user, typed
):
    assert login(client, "coso.moi", typed).status_code == 302
    client.post(reverse("logout"))
    assert login(client, "coso.moi", SECRET).status_code == 302
    client.post(reverse("logout"))
    assert login(client, "coso.moi", typed).status_code == 302


def test_generated_secret_is_accepted_as_the_old_password_after_logging_in_without_dashes(
    client, secret_user
):
    login(client, "coso.moi", "KGMBARMYZ1DMGGB0FJP8FNQ1")
    new = "Cho-Dien-Bien-2021"
    r = client.post(
        reverse("password_change"), {"old_password": SECRET, "new_password1": new, "new_password2": new}
    )
    assert r.status_code == 302, r.content.decode()
    secret_user.refresh_from_db()
    assert not secret_user.must_change_password
    assert secret_user.password.startswith("md5$")  # the chosen password: the preferred hasher


@pytest.fixture
def count_slow_hashes(settings):
    """Argon2 preferred, as in production; counts its hashes."""
    settings.PASSWORD_HASHERS = [
        "accounts.hashers.SingleLaneArgon2PasswordHasher",
        "accounts.hashers.LookupSecretHasher",
    ]
    real = SingleLaneArgon2PasswordHasher.encode
    with mock.patch.object(SingleLaneArgon2PasswordHasher, "encode", autospec=True, side_effect=real) as spy:
        yield spy


@pytest.mark.parametrize("typed", ["kgmb-army-z1dm-ggb0-fjp8-fnq2", "sai-mat-khau", SECRET])
def test_login_to_an_unused_account_costs_a_slow_hash_like_any_other(
    client, secret_user, count_slow_hashes, typed
):
    """A never-used account must not answer faster than a used one (Argon2): the caller would
    learn which accounts still hold their generated secret."""
    login(client, "coso.moi", typed)
    assert count_slow_hashes.call_count == 1
    secret_user.refresh_from_db()
    assert secret_user.password.startswith("lookup_sha256$")
