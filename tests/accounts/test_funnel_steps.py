"""The funnel dates a facility's login writes: its first login and its own password, each once."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import timezone

from accounts.choices import FunnelStage, Role
from accounts.funnel import facility_first_login
from accounts.models import Facility
from tests.factories import PASSWORD, FacilityFactory, UserFactory, issued_facility

pytestmark = pytest.mark.django_db

SECRET = "kgmb-army-z1dm-ggb0-fjp8-fnq1"  # a generated secret, as a letter prints it
NEW_PASSWORD = "Cho-Dien-Bien-2021"


def login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def lettered(commune_a):
    """A facility whose account holds the secret printed on its letter."""
    facility = issued_facility(unit=commune_a)
    user = facility.user
    user.password = make_password(SECRET, hasher="lookup_sha256")
    user.must_change_password = True
    user.save()
    return facility


def test_first_login_with_the_letters_secret_is_recorded_before_the_forced_password_change(client, lettered):
    before = timezone.now()
    response = login(client, lettered.user.username, SECRET.upper().replace("-", ""))
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("password_change")
    lettered.refresh_from_db()
    assert before <= lettered.first_login_at <= timezone.now()
    assert lettered.password_changed_at is None
    assert lettered.funnel_stage() == FunnelStage.NO_OWN_PASSWORD


def test_a_later_login_keeps_the_date_of_the_first(client, commune_a):
    facility = issued_facility(unit=commune_a)
    login(client, facility.user.username)
    facility.refresh_from_db()
    first = facility.first_login_at
    client.post(reverse("logout"))
    login(client, facility.user.username)
    facility.refresh_from_db()
    assert facility.first_login_at == first


def test_a_failed_login_records_nothing(client, lettered):
    login(client, lettered.user.username, "sai-mat-khau")
    lettered.refresh_from_db()
    assert lettered.first_login_at is None


def test_an_officers_login_touches_no_facility(client, commune_a):
    facility = FacilityFactory(unit=commune_a)
    UserFactory(username="pkt.a", role=Role.LOCAL_OFFICE, unit=commune_a)
    assert login(client, "pkt.a").status_code == 302
    facility.refresh_from_db()
    assert facility.first_login_at is None


def test_first_login_cannot_overwrite_a_date_written_by_a_concurrent_request(commune_a):
    facility = issued_facility(unit=commune_a)
    earlier = timezone.now() - timedelta(minutes=1)
    assert facility_first_login(facility.user, earlier)
    # The second request read the row before the first wrote it; its UPDATE still finds the
    # date set and writes nothing.
    assert not facility_first_login(facility.user, timezone.now())
    assert Facility.objects.get(pk=facility.pk).first_login_at == earlier


def test_choosing_a_password_records_the_date_once(client, lettered):
    login(client, lettered.user.username, SECRET)
    response = client.post(
        reverse("password_change"),
        {"old_password": SECRET, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    lettered.refresh_from_db()
    chosen = lettered.password_changed_at
    assert chosen is not None and chosen >= lettered.first_login_at
    assert lettered.funnel_stage() == FunnelStage.NOT_STARTED
    again = "Cho-Dien-Bien-2022"
    client.post(
        reverse("password_change"),
        {"old_password": NEW_PASSWORD, "new_password1": again, "new_password2": again},
    )
    lettered.refresh_from_db()
    assert lettered.password_changed_at == chosen


def test_a_refused_password_change_records_nothing(client, lettered):
    login(client, lettered.user.username, SECRET)
    client.post(
        reverse("password_change"),
        {"old_password": SECRET, "new_password1": SECRET, "new_password2": SECRET},
    )
    lettered.refresh_from_db()
    assert lettered.password_changed_at is None
