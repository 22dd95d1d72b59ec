"""Letters by office (accounts.importing.batches): the split decided at confirm time, each batch
downloaded once by its holder, reissued with new secrets while never downloaded."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from openpyxl import load_workbook

from accounts.activity import activities_visible_to
from accounts.choices import Role
from accounts.importing.batches import (
    letter_batch_reissue,
    letter_batch_take,
    letter_batches_held_by,
    letter_batches_visible_to,
    letters_take,
)
from accounts.importing.run import import_secrets_wipe
from accounts.importing.sealing import Sealer
from accounts.importing.service import import_job_confirm, import_job_create
from accounts.models import Action, Activity, Facility, ImportLetterBatch, ImportRow
from tests.factories import UnitFactory, UserFactory
from tests.factories.imports import csv_bytes, generated_rows
from tests.factories.letters import imported, rollout_country, rollout_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    return rollout_country()


@pytest.fixture
def job(country):
    return imported(rollout_file(), country.admin)


def batch_of(job, **holder) -> ImportLetterBatch:
    return job.letter_batches.current().with_size().get(**holder)


def logins(content: bytes) -> dict[str, str]:
    """{facility name: (username, secret)} from a letters ZIP."""
    sheet = load_workbook(
        io.BytesIO(zipfile.ZipFile(io.BytesIO(content)).read("tat-ca-tai-khoan.xlsx"))
    ).active
    return {row[1]: (row[5], row[6]) for row in sheet.iter_rows(min_row=2, values_only=True)}


def logs_in(username, secret) -> bool:
    return Client().post("/dang-nhap/", {"username": username, "password": secret}).status_code == 302


def test_each_office_holds_the_facilities_it_hands_letters_to(country, job):
    sizes = {b.holder_label(): b.size for b in job.letter_batches.with_size()}
    assert sizes == {
        "Phòng Kinh tế phường Điện Biên Phủ": 1,  # the zone's facility is the board's
        "Ban quản lý KCN Tây Bắc": 1,
        "Phòng Kinh tế phường Mường Thanh": 2,  # its officer names no office: the unit's Office
        "Quản trị hệ thống (cơ sở không thuộc phòng nào)": 1,  # Mường Phăng has no office
    }
    board = batch_of(job, zone=country.zone)
    assert [r.facility.name for r in ImportRow.objects.filter(letter_batch=board)] == ["Nhà máy Gạch Tây Bắc"]


def test_the_split_is_decided_when_the_import_is_confirmed(country):
    preview, _ = import_job_create(raw=rollout_file(), file_name="ds.csv", by=country.admin)
    assert not preview.letter_batches.exists()
    import_job_confirm(job=preview, by=country.admin, queue=False)
    assert preview.letter_batches.count() == 4
    assert not ImportRow.objects.filter(job=preview, status="valid", letter_batch__isnull=True).exists()


def test_a_communes_own_office_comes_before_the_districts(db):
    province = UnitFactory(code="11", name="Điện Biên", kind="province")
    district = UnitFactory(code="100", name="Huyện Điện Biên", kind="district", parent=province)
    commune = UnitFactory(code="03250", name="Xã Nà Tấu", kind="commune", parent=district)
    other = UnitFactory(code="03316", name="Xã Thanh An", kind="commune", parent=district)
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    UserFactory(role=Role.LOCAL_OFFICE, unit=district)
    UserFactory(role=Role.LOCAL_OFFICE, unit=commune)
    rows = [
        ["Tên cơ sở", "Mã số thuế", "Xã/phường", "Tỉnh"],
        ["Xưởng Nà Tấu", "5600777001", "Xã Nà Tấu", "Điện Biên"],
        ["Chè Thanh An", "5600777002", "Xã Thanh An", "Điện Biên"],
    ]
    job = imported(csv_bytes(rows), admin)
    sizes = {b.unit_id: b.size for b in job.letter_batches.with_size()}
    assert sizes == {commune.pk: 1, district.pk: 1}
    assert other.parent_id == district.pk


def test_an_office_downloads_its_letters_once_and_its_facilities_record_it(country, job):
    batch = batch_of(job, unit=country.ward_b)
    content, count = letter_batch_take(batch=batch, by=country.local_b)
    assert count == 2
    found = logins(content)
    assert set(found) == {"Chợ Mường Thanh", "Siêu thị Mường Thanh"}
    assert all(logs_in(*login) for login in found.values())
    assert letter_batch_take(batch=batch, by=country.local_b) is None  # once
    for facility in Facility.objects.filter(unit=country.ward_b):
        assert facility.letter_downloaded_at is not None
    assert (
        not Facility.objects.exclude(unit=country.ward_b).filter(letter_downloaded_at__isnull=False).exists()
    )
    # The other offices' secrets are still waiting for them.
    assert ImportRow.objects.filter(job=job).exclude(sealed_secret="").count() == 3
    assert not ImportRow.objects.filter(letter_batch=batch).exclude(sealed_secret="").exists()


def test_the_facility_records_which_office_downloaded_its_letter(country, job):
    letter_batch_take(batch=batch_of(job, zone=country.zone), by=country.board)
    letter_batch_take(batch=batch_of(job, unit=country.ward_a), by=country.local_a)
    assert Facility.objects.get(name="Nhà máy Gạch Tây Bắc").letter_office == country.board_office
    assert Facility.objects.get(name="Công ty May Điện Biên Phủ").letter_office == country.office_a
    letter_batch_take(batch=batch_of(job, unit=country.ward_b), by=country.local_b)  # its user has no office
    assert Facility.objects.get(name="Chợ Mường Thanh").letter_office == country.office_b


def test_a_download_is_in_the_activity_log_with_its_count_and_no_secret(country, job):
    batch = batch_of(job, unit=country.ward_b)
    content, _count = letter_batch_take(batch=batch, by=country.local_b)
    entry = Activity.objects.get(action=Action.LETTERS_DOWNLOADED)
    assert entry.actor == country.local_b and entry.target == batch
    assert entry.summary.startswith("Tải 2 thư tài khoản của Phòng Kinh tế phường Mường Thanh")
    for _username, secret in logins(content).values():
        assert secret not in entry.summary and secret not in str(entry.changes)
    assert entry in activities_visible_to(country.admin)


def test_the_admins_download_only_the_letters_no_office_holds(country, job):
    content, count = letters_take(job=job, by=country.admin)
    assert count == 1 and set(logins(content)) == {"Hợp tác xã Mường Phăng"}
    job.refresh_from_db()
    assert job.letters_downloaded_by == country.admin
    assert letters_take(job=job, by=country.admin) is None


def test_when_no_office_holds_a_facility_the_admins_download_the_whole_import(commune_a, commune_b):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    job = imported(csv_bytes(generated_rows(3)), admin)
    _content, count = letters_take(job=job, by=admin)
    assert count == 3
    job.refresh_from_db()
    assert job.secrets_wiped_at is not None  # nothing left to wait for


def test_who_holds_and_who_sees_a_batch(country, job):
    ward_a, ward_b, board = (
        batch_of(job, unit=country.ward_a),
        batch_of(job, unit=country.ward_b),
        batch_of(job, zone=country.zone),
    )
    assert set(letter_batches_held_by(country.local_a)) == {ward_a}
    assert set(letter_batches_held_by(country.board)) == {board}
    assert set(letter_batches_visible_to(country.local_b)) == {ward_b}
    assert set(letter_batches_visible_to(country.so)) == {ward_a, ward_b, board}  # not the admins'
    assert not letter_batches_held_by(country.so).exists()
    other_so = UserFactory(role=Role.PROVINCE, unit=UnitFactory(code="12", name="Lai Châu", kind="province"))
    assert not letter_batches_visible_to(other_so).exists()
    assert not letter_batches_visible_to(Facility.objects.filter(user__isnull=False).first().user).exists()


def test_a_batch_never_downloaded_is_reissued_with_new_secrets_and_the_old_ones_die(country, job):
    batch = batch_of(job, unit=country.ward_b)
    old_rows = {r.pk: r.sealed_secret for r in ImportRow.objects.filter(letter_batch=batch)}
    old_passwords = dict(
        Facility.objects.filter(unit=country.ward_b).values_list("user__username", "user__password")
    )
    new = letter_batch_reissue(batch=batch, by=country.so)
    batch.refresh_from_db()
    assert batch.is_replaced and not batch.is_available and new.reissued_from == batch
    assert new.expires_at > timezone.now()
    assert {r.pk for r in ImportRow.objects.filter(letter_batch=new)} == set(old_rows)
    assert all(r.sealed_secret != old_rows[r.pk] for r in ImportRow.objects.filter(letter_batch=new))
    new_passwords = dict(
        Facility.objects.filter(unit=country.ward_b).values_list("user__username", "user__password")
    )
    assert all(new_passwords[u] != old_passwords[u] for u in old_passwords)
    content, count = letter_batch_take(batch=new, by=country.local_b)
    assert count == 2 and all(logs_in(*login) for login in logins(content).values())
    entry = Activity.objects.get(action=Action.LETTERS_REISSUED)
    assert entry.actor == country.so and entry.target == new and "Cấp lại 2 thư" in entry.summary


def test_the_old_secret_no_longer_logs_in_after_a_reissue(country, job):
    row = ImportRow.objects.filter(letter_batch__unit=country.ward_b).select_related("facility__user").first()
    old_secret = Sealer(job.pk).open(row.sealed_secret)
    assert old_secret
    letter_batch_reissue(batch=batch_of(job, unit=country.ward_b), by=country.admin)
    assert not logs_in(row.facility.user.username, old_secret)


def test_a_downloaded_batch_cannot_be_reissued(country, job):
    batch = batch_of(job, unit=country.ward_b)
    letter_batch_take(batch=batch, by=country.local_b)
    batch.refresh_from_db()
    assert letter_batch_reissue(batch=batch, by=country.admin) is None
    assert not Activity.objects.filter(action=Action.LETTERS_REISSUED).exists()


def test_expired_letters_are_refused_and_a_reissue_brings_them_back(country, job):
    batch = batch_of(job, unit=country.ward_b)
    with override_settings(IMPORT_SECRETS_TTL_HOURS=0):
        assert letter_batch_take(batch=batch, by=country.local_b) is None
        assert import_secrets_wipe() == 1
    assert not ImportRow.objects.filter(job=job).exclude(sealed_secret="").exists()
    new = letter_batch_reissue(batch=batch, by=country.so)
    assert import_secrets_wipe() == 0  # the hourly wipe leaves a fresh reissue alone
    assert ImportRow.objects.filter(letter_batch=new).exclude(sealed_secret="").count() == 2
    _content, count = letter_batch_take(batch=new, by=country.local_b)
    assert count == 2


def test_a_reissued_batch_is_wiped_when_its_own_time_is_up(country, job):
    new = letter_batch_reissue(batch=batch_of(job, unit=country.ward_b), by=country.so)
    ImportLetterBatch.objects.filter(pk=new.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    import_secrets_wipe()
    assert not ImportRow.objects.filter(letter_batch=new).exclude(sealed_secret="").exists()
    # The batches of the import's own expiry are untouched until theirs.
    assert ImportRow.objects.filter(job=job).exclude(sealed_secret="").count() == 3


def test_a_zone_without_a_board_goes_to_its_wards_office(country):
    country.board.is_active = False
    country.board.save()
    job = imported(rollout_file(), country.admin)
    assert not job.letter_batches.filter(zone__isnull=False).exists()
    assert batch_of(job, unit=country.ward_a).size == 2


def test_once_every_office_has_its_letters_no_secret_of_the_import_is_left(country):
    raw = rollout_file() + "6,Cơ sở Sai,12,Phường Mường Thanh,Điện Biên,\r\n".encode()
    job = imported(raw, country.admin)
    assert job.rejected_count == 1
    for b in job.letter_batches.all():
        holder = {country.ward_a.pk: country.local_a, country.ward_b.pk: country.local_b}.get(b.unit_id)
        letter_batch_take(batch=b, by=holder or (country.board if b.zone_id else country.admin))
    job.refresh_from_db()
    assert job.secrets_wiped_at is not None
    assert not ImportRow.objects.filter(job=job).exclude(sealed_secret="").exists()
