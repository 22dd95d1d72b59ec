"""The admin's import pages: upload → preview → confirm → progress → letters, staff only."""

import importlib
import io
import logging
import zipfile
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import load_workbook

from accounts.models import Facility, ImportJob, ImportRow, User
from tests.factories import UserFactory
from tests.factories import imports as files

LIST = "/quan-tri/nhap-tai-khoan/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True))
    return client


def upload(client, raw, name="ds.xlsx"):
    return client.post(LIST, {"file": SimpleUploadedFile(name, raw)})


@pytest.mark.parametrize("role, staff", [("province", False), ("facility", False), ("ministry", True)])
def test_only_admins_reach_the_import_page(client, db, role, staff):
    client.force_login(UserFactory(role=role, is_staff=staff))
    assert client.get(LIST).status_code == 404


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(LIST).url.startswith("/dang-nhap/")


def test_admin_index_and_navigation_link_to_the_import_page(admin_client):
    assert LIST in admin_client.get("/quan-tri/").content.decode()
    assert LIST in admin_client.get("/quan-tri/accounts/importjob/").content.decode()


def test_the_import_pages_name_their_breadcrumb_in_vietnamese(admin_client, province, commune_a, commune_b):
    """A screen reader announces the breadcrumb's label; "breadcrumb" is English on a Vietnamese page."""
    job_page = upload(admin_client, files.errors_file()).url
    for url in (LIST, job_page):
        page = admin_client.get(url).content.decode()
        assert '<nav aria-label="Đường dẫn">' in page, url
        assert 'aria-label="breadcrumb"' not in page, url


def test_upload_shows_the_preview_and_writes_nothing(admin_client, province, commune_a, commune_b):
    response = upload(admin_client, files.errors_file())
    job = ImportJob.objects.get()
    assert response.url == f"{LIST}{job.pk}/"
    page = admin_client.get(response.url).content.decode()
    assert "Xác nhận nhập 1 dòng hợp lệ" in page
    assert "Không tìm thấy xã/phường «Xã Không Có»" in page
    assert "D (Xa/Phuong)" in page
    assert not Facility.objects.exists()


def test_a_bad_file_is_refused_on_the_form_in_vietnamese(admin_client):
    response = upload(admin_client, files.zip_bomb(), "ds.xlsx")
    assert response.status_code == 200
    assert "nghi là tệp “bom nén”" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_empty_upload_gets_a_vietnamese_error(admin_client):
    response = upload(admin_client, b"", "rong.csv")
    assert "Tệp rỗng: không có dữ liệu nào." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_duplicate_usernames_offer_no_confirm_button_and_confirming_anyway_writes_nothing(
    admin_client, commune_a, commune_b
):
    upload(admin_client, files.duplicate_usernames_xlsx())
    job = ImportJob.objects.get()
    page = admin_client.get(f"{LIST}{job.pk}/").content.decode()
    assert "Tệp chưa nhập được" in page and "Xác nhận nhập" not in page
    admin_client.post(f"{LIST}{job.pk}/xac-nhan/")
    assert not Facility.objects.exists() and User.objects.count() == 1


def test_invalid_rows_download_keeps_the_file_columns_and_adds_the_errors(
    admin_client, province, commune_a, commune_b
):
    upload(admin_client, files.errors_file())
    job = ImportJob.objects.get()
    response = admin_client.get(f"{LIST}{job.pk}/dong-can-sua.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["Lỗi cần sửa", "Dòng trong tệp gốc", "TT", "Ten co so"]
    assert sheet.max_row == 6
    assert sheet["A2"].value.startswith("D (Xa/Phuong): Không tìm thấy xã/phường")


def test_the_fixed_invalid_rows_file_can_be_uploaded_again(admin_client, province, commune_a, commune_b):
    upload(admin_client, files.errors_file())
    job = ImportJob.objects.get()
    sheet = load_workbook(io.BytesIO(admin_client.get(f"{LIST}{job.pk}/dong-can-sua.xlsx").content))
    ws = sheet.active
    ws["F2"] = "Xã Mường Phăng"  # fix the commune of the first bad row
    out = io.BytesIO()
    sheet.save(out)
    upload(admin_client, out.getvalue(), "dong-can-sua.xlsx")
    again = ImportJob.objects.order_by("-pk").first()
    assert (again.total_rows, again.invalid_rows) == (5, 4)


def test_confirm_runs_the_job_and_letters_download_once(
    admin_client, commune_a, commune_b, django_capture_on_commit_callbacks
):
    upload(admin_client, files.province_file())
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        admin_client.post(f"{LIST}{job.pk}/xac-nhan/")  # eager Celery in tests
    assert len(queued) == 1
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 3)
    progress = admin_client.get(f"{LIST}{job.pk}/tien-do/").content.decode()
    assert "3</span> / 3" in progress and "hx-trigger" not in progress
    response = admin_client.post(f"{LIST}{job.pk}/thu-cap-tai-khoan/")
    assert response["Content-Type"] == "application/zip"
    assert "tat-ca-tai-khoan.xlsx" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    again = admin_client.post(f"{LIST}{job.pk}/thu-cap-tai-khoan/", follow=True)
    assert "chỉ tải được một lần" in again.content.decode()
    job.refresh_from_db()
    assert job.letters_downloaded_by.username == "quantri"


def test_cancel_discards_the_preview(admin_client, commune_a, commune_b):
    upload(admin_client, files.province_file())
    job = ImportJob.objects.get()
    admin_client.post(f"{LIST}{job.pk}/huy/")
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert admin_client.post(f"{LIST}{job.pk}/xac-nhan/").status_code == 302
    assert not Facility.objects.exists()


def test_a_formula_in_a_facility_name_is_exported_as_text(admin_client, province, commune_a):
    raw = files.csv_bytes(
        [
            ["Tên cơ sở", "MST", "Phường", "Tỉnh"],
            ['=HYPERLINK("http://x","y")', "123", "Điện Biên Phủ", "Điện Biên"],
        ]
    )
    upload(admin_client, raw, "ds.csv")
    job = ImportJob.objects.get()
    cell = load_workbook(io.BytesIO(admin_client.get(f"{LIST}{job.pk}/dong-can-sua.xlsx").content)).active[
        "C2"
    ]
    assert cell.data_type == "s" and cell.quotePrefix


PASSWORDS = ("Xanh-Bi-Mat-7391q", "Do-Bi-Mat-5524z")


def confirmed_passwords_xlsx() -> bytes:
    """Supplied passwords typed twice, as account forms ask: the second column is a password
    column too."""
    header = ["STT", "Tên cơ sở", "Mã số thuế", "Xã/phường", "Tỉnh", "Tên đăng nhập"]
    header += ["Mật khẩu", "Mật khẩu (nhập lại)"]
    rows = [
        [1, "Cơ sở Xanh", "5600300001", "Phường Điện Biên Phủ", "Điện Biên", "cs.xanh", *[PASSWORDS[0]] * 2],
        [2, "Cơ sở Sai MST", "12", "Phường Điện Biên Phủ", "Điện Biên", "cs.do", *[PASSWORDS[1]] * 2],
    ]
    return files.xlsx_bytes([header, *rows])


def database_text() -> str:
    """Every row of every table, as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT t::text FROM {name} t")
            else:
                cursor.execute(f"SELECT * FROM {name}")
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def files_holding(folder: Path, secret: bytes) -> list[str]:
    return [
        str(p)
        for p in folder.rglob("*")
        if p.is_file() and p.stat().st_size < 50_000_000 and secret in p.read_bytes()
    ]


def test_no_supplied_password_rests_in_clear_text_after_letters_or_cancel(
    admin_client, settings, tmp_path, caplog, province, commune_a, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    caplog.set_level(logging.DEBUG)
    upload(admin_client, confirmed_passwords_xlsx())
    done = ImportJob.objects.get()
    fix = admin_client.get(f"{LIST}{done.pk}/dong-can-sua.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"{LIST}{done.pk}/xac-nhan/")
    letters = admin_client.post(f"{LIST}{done.pk}/thu-cap-tai-khoan/")
    assert letters["Content-Type"] == "application/zip"  # the one delivery of the passwords
    upload(admin_client, confirmed_passwords_xlsx())
    cancelled = ImportJob.objects.exclude(pk=done.pk).get()
    admin_client.post(f"{LIST}{cancelled.pk}/huy/")
    cancelled.refresh_from_db()
    assert cancelled.status == "cancelled"
    dump = database_text()
    assert "cs.xanh" in dump and "cs.do" in dump  # the dump does hold the imported rows
    archive = zipfile.ZipFile(io.BytesIO(fix.content))
    for secret in PASSWORDS:
        assert secret not in dump
        assert all(secret.encode() not in archive.read(name) for name in archive.namelist())
        for folder in {Path(settings.DATA_DIR), Path(settings.MEDIA_ROOT)}:
            if folder.exists():
                assert files_holding(folder, secret.encode()) == []
        assert secret not in caplog.text


def test_an_import_row_stored_with_a_password_column_is_scrubbed_and_never_downloaded(
    admin_client, province, commune_a
):
    upload(admin_client, confirmed_passwords_xlsx())
    job = ImportJob.objects.get()
    row = ImportRow.objects.get(job=job, number=3)
    # As rows were stored before every password column was blanked.
    ImportRow.objects.filter(pk=row.pk).update(raw=[*row.raw[:7], PASSWORDS[1]])
    sheet = load_workbook(io.BytesIO(admin_client.get(f"{LIST}{job.pk}/dong-can-sua.xlsx").content)).active
    assert PASSWORDS[1] not in [c.value for r in sheet.iter_rows() for c in r]
    scrub = importlib.import_module("accounts.migrations.0007_scrub_password_columns_in_import_rows").scrub
    scrub(django_apps, None)
    row.refresh_from_db()
    assert row.raw[7] == "" and row.raw[5] == "cs.do"


def test_a_supplementary_batch_is_marked_for_its_province(admin_client, province, commune_a, commune_b):
    response = admin_client.post(
        LIST,
        {
            "file": SimpleUploadedFile("bo-sung.xlsx", files.province_file()),
            "supplementary": "on",
            "province": province.pk,
        },
    )
    job = ImportJob.objects.get()
    assert job.supplementary_province == province and response.url == f"{LIST}{job.pk}/"
    assert "Đợt bổ sung cho Điện Biên" in admin_client.get(response.url).content.decode()


def test_a_supplementary_batch_without_its_province_is_refused_and_keeps_the_choice(admin_client, province):
    response = admin_client.post(
        LIST, {"file": SimpleUploadedFile("bo-sung.xlsx", files.province_file()), "supplementary": "on"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Đợt bổ sung: hãy chọn tỉnh/thành phố" in page
    assert 'id="id_supplementary" checked' in page
    assert not ImportJob.objects.exists()


def test_an_import_not_marked_supplementary_has_no_province(admin_client, province, commune_a, commune_b):
    admin_client.post(
        LIST, {"file": SimpleUploadedFile("ds.xlsx", files.province_file()), "province": province.pk}
    )
    assert ImportJob.objects.get().supplementary_province is None
