"""The data migration that fills the funnel's dates from what was recorded before them."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import ImportJob, ImportRow
from tests.factories import issued_facility
from tests.factories.assessments import draft, make_template
from tests.factories.reports import signature_row

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("assessments.migrations.0005_backfill_facility_funnel_dates").backfill

NOW = timezone.now()


def days_ago(n):
    return NOW - timedelta(days=n)


def test_dates_come_from_logins_assessments_and_the_admins_letter_download(commune_a, template):
    facility = issued_facility(unit=commune_a)
    user = facility.user
    user.last_login = days_ago(2)  # the last login only: the first assessment came before it
    user.save()
    first = draft(facility, template)
    type(first).objects.filter(pk=first.pk).update(created_at=days_ago(20))
    signature_row(facility, days_ago(15))
    signature_row(facility, days_ago(1))
    optional = make_template("tu-kiem-tra", required=False)
    signature_row_optional = draft(facility, optional)
    type(signature_row_optional).objects.filter(pk=signature_row_optional.pk).update(
        status="signed", signed_at=days_ago(30), created_at=days_ago(31)
    )
    job = ImportJob.objects.create(
        file_name="ds.xlsx", file_sha256="0" * 64, letters_downloaded_at=days_ago(40)
    )
    ImportRow.objects.create(job=job, number=7, status="created", facility=facility)

    backfill(apps, None)

    facility.refresh_from_db()
    assert facility.first_started_at == days_ago(31)  # any checklist begun
    assert facility.first_signed_at == days_ago(15)  # the first signed required checklist
    assert facility.first_login_at == days_ago(31)
    assert facility.password_changed_at == days_ago(31)
    assert facility.letter_downloaded_at == days_ago(40)
    assert facility.letter_office is None


def test_an_account_still_holding_its_letters_secret_has_not_chosen_a_password(commune_a):
    facility = issued_facility(unit=commune_a)
    user = facility.user
    user.password = make_password("kgmb-army-z1dm-ggb0-fjp8-fnq1", hasher="lookup_sha256")
    user.must_change_password = True
    user.last_login = days_ago(3)
    user.save()
    backfill(apps, None)
    facility.refresh_from_db()
    assert facility.first_login_at == days_ago(3)
    assert facility.password_changed_at is None
    assert facility.first_started_at is None and facility.first_signed_at is None


def test_dates_already_written_by_their_steps_are_kept(commune_a, template):
    facility = issued_facility(unit=commune_a, first_login_at=days_ago(9), first_signed_at=days_ago(8))
    facility.user.last_login = days_ago(50)
    facility.user.save()
    signature_row(facility, days_ago(60))
    backfill(apps, None)
    facility.refresh_from_db()
    assert (facility.first_login_at, facility.first_signed_at) == (days_ago(9), days_ago(8))
