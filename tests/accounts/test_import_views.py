"""The admin's import pages: upload → preview → confirm → progress → letters, staff only."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from accounts.models import Facility, ImportJob, User
from tests import factories_import as files
from tests.factories import UserFactory

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
