"""An admin imports a messy file in the browser and a facility logs in with its letter."""

import io
import zipfile

import pytest
from django.test import override_settings
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.importing.run import import_job_process_chunk, import_job_run
from accounts.models import Facility, ImportJob
from safemap.celery import app as celery_app
from tests.factories import PASSWORD, UnitFactory, UserFactory
from tests.factories import imports as files


@pytest.fixture
def worker_in_test():
    """Queue tasks instead of running them eagerly: the test plays the Celery worker, one chunk
    at a time, so the browser can be seen following the progress."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = False, "memory://"
    yield
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved


@pytest.mark.django_db(transaction=True)
@override_settings(IMPORT_CHUNK_SIZE=2)
def test_admin_imports_a_file_and_a_facility_logs_in_with_its_letter(
    live_server, desktop_page, tmp_path, worker_in_test
):
    province = UnitFactory(code="11", name="Điện Biên", kind="province")
    UnitFactory(code="03127", name="Phường Điện Biên Phủ", kind="ward", parent=province)
    UnitFactory(code="03151", name="Xã Mường Phăng", kind="commune", parent=province)
    UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True)
    rows = files.generated_rows(5)
    rows.append([6, "Công ty Sai Xã", "5600000002", "", "Xã Không Có", "Điện Biên", ""])
    upload = tmp_path / "danh-sach-cap-tai-khoan.csv"
    upload.write_bytes(files.csv_bytes(rows, bom=True))
    page = desktop_page

    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/quan-tri/")
    page.get_by_role("link", name="Nhập tài khoản cơ sở từ tệp (XLSX/CSV)").click()
    page.get_by_label("Tệp danh sách (Excel .xlsx hoặc CSV)").set_input_files(str(upload))
    page.get_by_role("button", name="Tải lên và xem trước").click()

    errors = page.get_by_test_id("errors")
    expect(errors).to_contain_text("Không tìm thấy xã/phường «Xã Không Có» thuộc «Điện Biên»")
    expect(errors).to_contain_text("E (Xã/phường)")
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
    assert not Facility.objects.exists()

    page.get_by_role("button", name="Xác nhận nhập 5 dòng hợp lệ").click()
    expect(page.get_by_test_id("rows-done")).to_have_text("1")  # the rejected row
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status="running")
    import_job_process_chunk(job=job)
    expect(page.get_by_test_id("rows-done")).to_have_text("3")  # htmx polling, no reload
    page.screenshot(path=str(tmp_path / "progress.png"), full_page=True)
    import_job_run(job_id=job.pk)
    expect(page.get_by_test_id("import-done")).to_contain_text("Tạo mới 5 tài khoản")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_test_id("rows-done")).to_have_text("6")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải thư cấp tài khoản và danh sách đăng nhập (.zip)").click()
    archive = zipfile.ZipFile(download_info.value.path())
    assert "03127-phuong-dien-bien-phu/thu-cap-tai-khoan.html" in archive.namelist()
    sheet = load_workbook(io.BytesIO(archive.read("tat-ca-tai-khoan.xlsx"))).active
    username, secret = sheet["F2"].value, sheet["G2"].value

    # A Vietnamese phone, like the pages from conftest: an English browser now gets English.
    facility_page = page.context.browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN"
    ).new_page()
    facility_page.goto(f"{live_server.url}/dang-nhap/")
    facility_page.get_by_label("Tên đăng nhập").fill(username)
    facility_page.get_by_label("Mật khẩu").fill(secret)
    facility_page.get_by_role("button", name="Đăng nhập").click()
    expect(facility_page).to_have_url(f"{live_server.url}/doi-mat-khau/")
    facility_page.goto(f"{live_server.url}/")
    expect(facility_page).to_have_url(f"{live_server.url}/doi-mat-khau/")  # nothing else until changed
