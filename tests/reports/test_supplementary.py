"""Supplementary batches: once the import is done, the Sở's officers and each office holding some
of its letters find "Có N tài khoản bổ sung" in their inbox, with the link to their letters."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from reports.models import Notification, NotificationKind
from reports.supplementary import supplementary_catch_up, supplementary_notify
from tests.factories import UnitFactory, UserFactory
from tests.factories.letters import imported, rollout_country, rollout_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    return rollout_country()


def inbox(user) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(user=user, kind=NotificationKind.SUPPLEMENTARY).values_list(
            "message", "url"
        )
    )


def test_the_so_and_each_office_are_told_how_many_accounts_they_get(country):
    job = imported(rollout_file(), country.admin, supplementary_province=country.province)  # eager Celery
    url = reverse("letter_batch_list") + f"?lan-nhap={job.pk}"
    assert inbox(country.so) == [
        ("Có 5 tài khoản bổ sung cho Điện Biên: tải thư tài khoản để giao cho cơ sở.", url)
    ]
    assert inbox(country.local_b)[0][0].startswith("Có 2 tài khoản bổ sung")
    assert inbox(country.local_a)[0][0].startswith("Có 1 tài khoản bổ sung")
    assert inbox(country.board)[0][0].startswith("Có 1 tài khoản bổ sung")
    assert not inbox(country.admin)
    job.refresh_from_db()
    assert job.supplementary_notified_at is not None


def test_the_notice_links_to_the_letters_the_office_can_download(client, country):
    job = imported(rollout_file(), country.admin, supplementary_province=country.province)
    client.force_login(country.local_b)
    ((_message, url),) = inbox(country.local_b)
    page = client.get(url).content.decode()
    assert "Phòng Kinh tế phường Mường Thanh" in page and "Tải thư (.zip)" in page
    assert f"#{job.pk}" in page
    assert "Có 2 tài khoản bổ sung" in client.get(reverse("reports:inbox")).content.decode()


def test_each_user_is_told_once_per_import(country):
    job = imported(rollout_file(), country.admin, supplementary_province=country.province)
    assert supplementary_notify(job_id=job.pk) == 0
    assert supplementary_catch_up() == 0
    late = UserFactory(role=Role.PROVINCE, unit=country.province, username="so.moi")
    assert supplementary_notify(job_id=job.pk) == 1  # only the officer who was not there
    assert len(inbox(country.so)) == 1 and len(inbox(late)) == 1


def test_a_notice_never_queued_is_sent_by_the_catch_up(country, monkeypatch):
    monkeypatch.setattr(
        "reports.tasks.notify_supplementary_task.delay", lambda job_id: None
    )  # broker lost it
    job = imported(rollout_file(), country.admin, supplementary_province=country.province)
    assert not inbox(country.so)
    assert supplementary_catch_up() == 4  # the Sở and three offices
    job.refresh_from_db()
    assert job.supplementary_notified_at is not None and supplementary_catch_up() == 0


def test_an_ordinary_import_tells_nobody(country):
    imported(rollout_file(), country.admin)
    assert not Notification.objects.filter(kind=NotificationKind.SUPPLEMENTARY).exists()


def test_officers_of_another_province_are_not_told(country):
    other = UserFactory(role=Role.PROVINCE, unit=UnitFactory(code="12", name="Lai Châu", kind="province"))
    imported(rollout_file(), country.admin, supplementary_province=country.province)
    assert not inbox(other)
