"""Cấp lại mật khẩu from the facility page: confirmation, a new generated secret shown once on a
printable letter, the old password and its sessions dead at once, a forced change at the next
login, the Nhật ký line without the secret, and nothing outside the officer's scope."""

import json
import re

import pytest
from django.urls import reverse

from accounts.choices import Role
from accounts.hashers import canonical_secret
from accounts.models import Action, Activity, Facility, User
from tests.factories import (
    PASSWORD,
    FacilityFactory,
    OfficeFactory,
    UserFactory,
    ZoneFactory,
    issued_facility,
)
from tests.factories.reports import officer

pytestmark = pytest.mark.django_db
SECRET = re.compile(r'<td class="secret" data-secret>([0-9a-z-]+)</td>')


@pytest.fixture
def facility(commune_a):
    return issued_facility(unit=commune_a, name="Chợ Điện Biên", tax_code="5600000001")


@pytest.fixture
def clerk(commune_a):
    return officer(commune_a, username="pkt.a")


def url(facility):
    return reverse("reports:facility_password_reissue", args=[facility.pk])


def reissue(client, facility):
    response = client.post(url(facility))
    assert response.status_code == 200, response.status_code
    secrets = SECRET.findall(response.content.decode())
    assert len(secrets) == 1
    return response, secrets[0]


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_facility_page_offers_it_and_the_page_asks_to_confirm_before_anything_changes(
    client, clerk, facility
):
    client.force_login(clerk)
    page = client.get(reverse("reports:facility_detail", args=[facility.pk])).content.decode()
    assert f'href="{url(facility)}"' in page and "Cấp lại mật khẩu" in page
    before = User.objects.get(pk=facility.user_id).password
    confirm = client.get(url(facility))
    html = confirm.content.decode()
    assert "Xác nhận cấp lại mật khẩu" in html and facility.user.username in html
    assert "mật khẩu hiện tại hết hiệu lực ngay" in html
    assert User.objects.get(pk=facility.user_id).password == before
    assert not Activity.objects.exists()


def test_the_old_password_is_refused_and_the_new_secret_works_and_forces_a_change(client, clerk, facility):
    username = facility.user.username
    client.force_login(clerk)
    _response, secret = reissue(client, facility)
    client.logout()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in login(client, username, PASSWORD).content.decode()
    # Typed as printed, or without dashes in capitals: the letter says both are fine.
    response = login(client, username, secret.replace("-", "").upper())
    assert response.status_code == 302
    assert client.get(reverse("assessments:home"))["Location"] == reverse("password_change")
    user = User.objects.get(username=username)
    assert user.must_change_password
    assert secret not in user.password and canonical_secret(secret) not in user.password


def test_the_facilitys_open_sessions_end_at_once(client, clerk, facility):
    from django.test import Client

    clerk_client = Client()
    clerk_client.force_login(clerk)
    assert login(client, facility.user.username, PASSWORD).status_code == 302
    assert client.get(reverse("assessments:home")).status_code == 200
    reissue(clerk_client, facility)
    response = client.get(reverse("assessments:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_letter_shows_the_secret_once_and_is_never_cached(client, clerk, facility):
    client.force_login(clerk)
    response, secret = reissue(client, facility)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Mật khẩu mới" in html and "mật khẩu cũ không còn dùng được" in html and "Chợ Điện Biên" in html
    assert "Mật khẩu chỉ hiện một lần" in html and "data-print" in html
    # Coming back shows the confirmation again, not the secret.
    again = client.get(url(facility)).content.decode()
    assert secret not in again
    assert secret not in client.get(reverse("reports:facility_detail", args=[facility.pk])).content.decode()
    assert secret not in client.get(reverse("reports:journal")).content.decode()


def test_the_log_says_who_reissued_and_never_the_secret(client, clerk, facility):
    client.force_login(clerk)
    _response, secret = reissue(client, facility)
    row = Activity.objects.get()
    assert (row.action, row.actor, row.facility) == (Action.PASSWORD_REISSUED, clerk, facility)
    assert facility.user.username in row.summary
    stored = json.dumps([row.summary, row.changes])
    assert secret not in stored and canonical_secret(secret) not in stored


def test_a_facility_of_another_unit_is_not_found_and_keeps_its_password(client, clerk, commune_b):
    other = issued_facility(unit=commune_b)
    before = other.user.password
    client.force_login(clerk)
    assert client.get(url(other)).status_code == 404
    assert client.post(url(other)).status_code == 404
    assert User.objects.get(pk=other.user_id).password == before
    assert not Activity.objects.exists()


def test_the_facility_itself_cannot_reissue(client, facility):
    client.force_login(facility.user)
    assert client.post(url(facility)).status_code == 404


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.MINISTRY, Role.ZONE_BOARD, Role.ADMIN])
def test_every_officer_with_the_facility_in_scope_may_reissue(client, province, commune_a, facility, role):
    user = UserFactory(role=role, unit=province if role == Role.PROVINCE else None)
    if role == Role.ZONE_BOARD:
        zone = ZoneFactory(unit=commune_a)
        Facility.objects.filter(pk=facility.pk).update(zone=zone)
        user.zones.set([zone])
    client.force_login(user)
    reissue(client, facility)
    assert Activity.objects.get().actor == user


def test_a_facility_without_an_account_gets_one_named_after_its_tax_code(client, clerk, commune_a):
    bare = FacilityFactory(unit=commune_a, tax_code="5600000077")
    client.force_login(clerk)
    page = client.get(url(bare)).content.decode()
    assert "Cơ sở chưa có tài khoản đăng nhập" in page and "Xác nhận cấp tài khoản" in page
    response, secret = reissue(client, bare)
    assert "Mật khẩu ban đầu" in response.content.decode()
    bare.refresh_from_db()
    assert bare.user.username == "cs5600000077" and bare.user.role == Role.FACILITY
    assert bare.user.must_change_password and bare.account_issued_at and bare.due_at
    assert bare.user.check_password(secret)
    assert "Cấp tài khoản mới cs5600000077" in Activity.objects.get().summary


def test_a_locked_or_officer_account_is_left_to_the_admin_with_a_clear_message(client, clerk, facility):
    User.objects.filter(pk=facility.user_id).update(is_active=False)
    client.force_login(clerk)
    assert "đang bị khóa" in client.get(url(facility)).content.decode()
    response = client.post(url(facility), follow=True)
    assert "đang bị khóa" in response.content.decode()
    assert not User.objects.get(pk=facility.user_id).is_active
    assert not Activity.objects.exists()


def test_the_reissued_letter_counts_as_the_facilitys_letter_reaching_the_office(client, commune_a, facility):
    office = OfficeFactory(kind="local", unit=commune_a)
    client.force_login(officer(commune_a, office=office))
    reissue(client, facility)
    facility.refresh_from_db()
    assert facility.letter_downloaded_at is not None and facility.letter_office_id == office.pk
    first = facility.letter_downloaded_at

    reissue(client, facility)  # again: the first hand-over stays the one recorded
    facility.refresh_from_db()
    assert facility.letter_downloaded_at == first
