"""Running a confirmed import: accounts issued, idempotent re-imports, resume after a crash,
secrets hashed the right way and held only until the letters are taken."""

import io
import zipfile

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from accounts.importing.batches import letters_take
from accounts.importing.run import import_job_process_chunk, import_job_run, import_secrets_wipe
from accounts.importing.service import import_job_confirm, import_job_create
from accounts.models import Facility, ImportJob, ImportRow, User
from tests.factories import OfficeFactory, UserFactory
from tests.factories import imports as files


def run(raw, by, name="ds.xlsx"):
    job, _ = import_job_create(raw=raw, file_name=name, by=by)
    assert import_job_confirm(job=job, by=by, queue=False)
    return import_job_run(job_id=job.pk)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True)


def test_confirmed_import_issues_accounts_that_must_change_their_secret(admin_user, commune_a, commune_b):
    job = run(files.province_file(), admin_user)
    assert (job.status, job.created_count, job.updated_count, job.rejected_count) == ("done", 3, 0, 0)
    facility = Facility.objects.get(tax_code="0101234567")
    assert facility.user.must_change_password and facility.user.role == "facility"
    assert facility.account_issued_at is not None and facility.due_at is not None
    assert facility.user.password.startswith("lookup_sha256$")
    assert facility.contact_phone == "0912345678"


def test_preview_alone_writes_nothing(admin_user, commune_a, commune_b):
    import_job_create(raw=files.province_file(), file_name="ds.xlsx", by=admin_user)
    assert not Facility.objects.exists()
    assert User.objects.count() == 1


def test_importing_the_same_file_again_updates_and_never_duplicates(admin_user, commune_a, commune_b):
    run(files.province_file(), admin_user)
    passwords = dict(User.objects.values_list("username", "password"))
    again = run(files.province_file(), admin_user)
    assert (again.created_count, again.updated_count) == (0, 3)
    assert Facility.objects.count() == 3 and User.objects.count() == 4
    assert dict(User.objects.values_list("username", "password")) == passwords  # secrets kept


def test_a_corrected_file_updates_the_facility_it_names(admin_user, commune_a, commune_b):
    run(files.errors_file(), admin_user)
    assert Facility.objects.count() == 1
    fixed = files.xlsx_bytes(
        [
            ["TT", "Ten co so", "Ma so thue", "Xa/Phuong", "Tinh/Thanh pho"],
            [1, "Công ty Đúng (tên mới)", "5600000001", "Xã Mường Phăng", "Điện Biên"],
            [2, "Công ty Sai Xã", "5600000002", "Phường Điện Biên Phủ", "Điện Biên"],
        ]
    )
    job = run(fixed, admin_user)
    assert (job.created_count, job.updated_count) == (1, 1)
    renamed = Facility.objects.get(tax_code="5600000001")
    assert renamed.name == "Công ty Đúng (tên mới)" and renamed.unit == commune_b
    assert Facility.objects.count() == 2


def test_invalid_rows_are_rejected_and_counted(admin_user, province, commune_a, commune_b):
    job = run(files.errors_file(), admin_user)
    assert (job.created_count, job.rejected_count, job.rows_done, job.total_rows) == (1, 5, 6, 6)


def test_duplicate_usernames_cannot_be_confirmed_and_write_nothing(admin_user, commune_a, commune_b):
    job, _ = import_job_create(raw=files.duplicate_usernames_xlsx(), file_name="ds.xlsx", by=admin_user)
    assert not import_job_confirm(job=job, by=admin_user, queue=False)
    assert import_job_run(job_id=job.pk) is None
    assert not Facility.objects.exists() and User.objects.count() == 1


@override_settings(IMPORT_CHUNK_SIZE=4)
def test_a_job_interrupted_midway_finishes_on_the_next_run_without_duplicates(admin_user, commune_a):
    job, _ = import_job_create(
        raw=files.csv_bytes(files.generated_rows(10)), file_name="ds.csv", by=admin_user
    )
    import_job_confirm(job=job, by=admin_user, queue=False)
    ImportJob.objects.filter(pk=job.pk).update(status="running")
    assert import_job_process_chunk(job=job)  # the worker commits one chunk, then dies
    assert Facility.objects.count() == 4
    job.refresh_from_db()
    assert (job.rows_done, job.status) == (4, "running")
    job = import_job_run(job_id=job.pk)
    assert (job.status, job.rows_done, job.created_count) == ("done", 10, 10)
    assert Facility.objects.count() == 10 and User.objects.filter(role="facility").count() == 10


def test_supplied_passwords_are_hashed_with_the_normal_hasher_in_worker_processes(admin_user, commune_b):
    job = run(files.supplied_passwords_csv(10), admin_user, "ds.csv")
    assert job.created_count == 10 and job.passwords_supplied
    user = User.objects.get(username="dn.muongphang3")
    assert user.password.startswith("md5$")  # the first of PASSWORD_HASHERS (Argon2 in production)
    assert user.check_password("Matkhau-0003x")


def test_generated_secret_logs_in_typed_loosely_and_once_letters_are_taken_it_is_gone(
    client, admin_user, commune_a
):
    OfficeFactory(unit=commune_a, name="Phòng Kinh tế phường Điện Biên Phủ", phone="0209.3.811.200")
    job = run(files.csv_bytes(files.generated_rows(2)), admin_user, "ds.csv")
    content, count = letters_take(job=job, by=admin_user)
    assert count == 2
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = sorted(archive.namelist())
    assert names == [
        "03127-phuong-dien-bien-phu/danh-sach-tai-khoan.xlsx",
        "03127-phuong-dien-bien-phu/thong-bao-tai-khoan.docx",
        "03127-phuong-dien-bien-phu/thong-bao-tai-khoan.pdf",
        "03127-phuong-dien-bien-phu/thu-cap-tai-khoan.html",
        "tat-ca-tai-khoan.xlsx",
    ]
    sheet = load_workbook(io.BytesIO(archive.read("tat-ca-tai-khoan.xlsx"))).active
    username, secret = sheet["F2"].value, sheet["G2"].value
    assert len(secret.replace("-", "")) == 24
    response = client.post(
        "/dang-nhap/", {"username": username, "password": secret.upper().replace("-", " ")}
    )
    assert response.status_code == 302
    assert client.get("/").url == "/doi-mat-khau/"  # must change it first
    letter = archive.read("03127-phuong-dien-bien-phu/thu-cap-tai-khoan.html").decode()
    assert secret in letter and "Chống dịch Covid19" in letter and "Hoàn thành" in letter
    assert "Phòng Kinh tế phường Điện Biên Phủ" in letter and "0209.3.811.200" in letter
    assert letters_take(job=job, by=admin_user) is None  # once only
    assert not ImportRow.objects.filter(job=job).exclude(sealed_secret="").exists()


def test_expired_letters_are_refused_before_the_hourly_wipe_runs(admin_user, commune_a, client):
    """Expiry is exact without any page writing: a job past IMPORT_SECRETS_TTL_HOURS offers no
    letters even while its (sealed) secrets still wait for the hourly wipe."""
    job = run(files.csv_bytes(files.generated_rows(2)), admin_user, "ds.csv")
    client.force_login(admin_user)
    with override_settings(IMPORT_SECRETS_TTL_HOURS=0):
        job.refresh_from_db()
        assert not job.letters_available
        assert letters_take(job=job, by=admin_user) is None
        client.get("/quan-tri/nhap-tai-khoan/")  # the list page only reads
    job.refresh_from_db()
    assert job.secrets_wiped_at is None and job.letters_available


def test_secrets_of_old_jobs_are_wiped_by_the_periodic_job(admin_user, commune_a):
    job = run(files.csv_bytes(files.generated_rows(2)), admin_user, "ds.csv")
    assert import_secrets_wipe() == 0
    with override_settings(IMPORT_SECRETS_TTL_HOURS=0):
        assert import_secrets_wipe() == 1
    job.refresh_from_db()
    assert not job.letters_available
    assert not ImportRow.objects.filter(job=job).exclude(sealed_secret="").exists()


def test_secrets_are_never_stored_in_clear_text(admin_user, commune_b):
    job, _ = import_job_create(raw=files.supplied_passwords_csv(2), file_name="ds.csv", by=admin_user)
    stored = " ".join(
        str(v) for r in ImportRow.objects.filter(job=job) for v in (r.raw, r.data, r.sealed_secret)
    )
    assert "Matkhau-0000x" not in stored


@pytest.mark.parametrize("processes", [True, False], ids=["processes", "threads-in-celery-worker"])
def test_password_pool_hashes_every_password_in_order(db, processes):
    from django.contrib.auth.hashers import check_password

    from accounts.importing.hashing import PasswordHasherPool

    passwords = [f"Mat-khau-{i:04d}" for i in range(12)]
    with PasswordHasherPool(workers=2, processes=processes) as pool:
        hashes = pool.hash_all(passwords)
    assert all(check_password(p, h) for p, h in zip(passwords, hashes, strict=True))
    assert len(set(hashes)) == 12
