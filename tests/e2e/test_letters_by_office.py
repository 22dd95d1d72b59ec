"""The rollout in a browser: the admin imports a file spanning two wards and an industrial zone;
each ward's economic office and the zone's board download exactly their own letters, once;
another office's letters answer 404; a facility logs in with the letter its office handed out."""

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import Facility, ImportJob
from tests.factories import PASSWORD
from tests.factories.letters import rollout_country

DATA = Path(__file__).resolve().parent.parent / "data" / "import-two-wards-and-a-zone.csv"
SHOTS = Path(__file__).resolve().parent.parent.parent / "var" / "screenshots"


def officer_page(browser, live_server, username, width=1366, height=900):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="vi-VN", accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(f"{live_server.url}/dang-nhap/")
    return page


def download_letters(page) -> dict[str, tuple[str, str]]:
    """Click the office's one "Tải thư" button: {facility name: (username, secret)}."""
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải thư (.zip)").click()
    archive = zipfile.ZipFile(info.value.path())
    sheet = load_workbook(io.BytesIO(archive.read("tat-ca-tai-khoan.xlsx"))).active
    return {row[1]: (row[5], row[6]) for row in sheet.iter_rows(min_row=2, values_only=True)}


def post_status(page, live_server, path) -> int:
    """A POST from this officer's session (with its CSRF token), as a crafted form would send."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.context.request.post(
        f"{live_server.url}{path}", headers={"X-CSRFToken": token}, max_redirects=0, fail_on_status_code=False
    )
    return response.status


def shoot(page, name, tmp_path):
    for folder in (tmp_path, SHOTS):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_each_office_downloads_exactly_its_own_letters_once(live_server, browser, tmp_path):
    country = rollout_country()
    admin = officer_page(browser, live_server, "quantri")
    admin.goto(f"{live_server.url}/quan-tri/nhap-tai-khoan/")
    admin.get_by_label("Tệp danh sách (Excel .xlsx hoặc CSV)").set_input_files(str(DATA))
    admin.get_by_role("button", name="Tải lên và xem trước").click()
    admin.get_by_role("button", name="Xác nhận nhập 4 dòng hợp lệ").click()  # eager Celery runs it
    expect(admin.get_by_test_id("import-done")).to_contain_text("Tạo mới 4 tài khoản")
    job = ImportJob.objects.get()
    batches = {b.holder_label(): b for b in job.letter_batches.all()}
    table = admin.get_by_test_id("letter-batches")
    for office in (
        "Phòng Kinh tế phường Điện Biên Phủ",
        "Phòng Kinh tế phường Mường Thanh",
        "Ban quản lý KCN Tây Bắc",
    ):
        expect(table).to_contain_text(office)
    expect(table.get_by_text("Chưa tải")).to_have_count(3)
    expect(table.get_by_role("link", name="Cấp lại")).to_have_count(3)
    shoot(admin, "letters-admin-before-1366.png", tmp_path)
    # No facility of this file is outside an office: the admins have no ZIP of their own.
    expect(
        admin.get_by_role("button", name="Tải thư cấp tài khoản và danh sách đăng nhập (.zip)")
    ).to_have_count(0)

    # Ward A's office: its one facility outside the zone, once.
    ward_a = officer_page(browser, live_server, country.local_a.username)
    ward_a.get_by_role("link", name="Thư tài khoản").click()
    expect(ward_a.get_by_test_id("letter-batches")).not_to_contain_text("Mường Thanh")
    expect(ward_a.get_by_test_id("letter-batches")).not_to_contain_text("Ban quản lý")
    assert set(download_letters(ward_a)) == {"Công ty May Điện Biên Phủ"}
    ward_a.get_by_role("button", name="Tải thư (.zip)").click()  # the page still shows it: try again
    expect(ward_a.get_by_role("alert").or_(ward_a.locator(".alert-danger"))).to_contain_text(
        "mỗi bộ thư chỉ tải được một lần"
    )
    expect(ward_a.get_by_role("button", name="Tải thư (.zip)")).to_have_count(0)
    ward_b_batch = batches["Phòng Kinh tế phường Mường Thanh"]
    assert post_status(ward_a, live_server, f"/thu-tai-khoan/{ward_b_batch.pk}/tai/") == 404

    # The zone's board: the zone's facility only. Its page before and after, phone and desktop.
    board = officer_page(browser, live_server, country.board.username, width=360, height=740)
    board.goto(f"{live_server.url}/thu-tai-khoan/")
    shoot(board, "letters-office-360.png", tmp_path)
    assert set(download_letters(board)) == {"Nhà máy Gạch Tây Bắc"}
    assert post_status(board, live_server, f"/thu-tai-khoan/{ward_b_batch.pk}/tai/") == 404

    # Ward B's office: its two.
    ward_b = officer_page(browser, live_server, country.local_b.username)
    ward_b.goto(f"{live_server.url}/thu-tai-khoan/")
    letters = download_letters(ward_b)
    assert set(letters) == {"Chợ Mường Thanh", "Siêu thị Mường Thanh"}
    ward_b.reload()
    expect(ward_b.get_by_test_id("letter-batches")).to_contain_text("Đã tải")
    shoot(ward_b, "letters-office-1366.png", tmp_path)
    ward_b.set_viewport_size({"width": 360, "height": 740})
    shoot(ward_b, "letters-office-downloaded-360.png", tmp_path)

    # The admin sees, per office, who downloaded when.
    admin.reload()
    expect(table.get_by_text("Đã tải")).to_have_count(3)
    expect(table).to_contain_text(country.board.username)
    shoot(admin, "letters-admin-status-1366.png", tmp_path)
    admin.set_viewport_size({"width": 360, "height": 740})
    shoot(admin, "letters-admin-status-360.png", tmp_path)
    assert Facility.objects.filter(letter_downloaded_at__isnull=False).count() == 4
    assert Facility.objects.get(name="Nhà máy Gạch Tây Bắc").letter_office == country.board_office

    # Ward B's funnel before the facility logs in: both its facilities wait for their first login.
    ward_b.set_viewport_size({"width": 1366, "height": 900})

    def ward_b_funnel(stage):
        ward_b.goto(f"{live_server.url}/quan-ly/")
        return int(
            ward_b.locator(f"#funnel-table [data-funnel-total] [data-stage-count='{stage}']").inner_text()
        )

    assert ward_b_funnel("no_login") == 2
    assert ward_b_funnel("not_started") == 0

    # A facility logs in with the letter its ward handed out.
    username, secret = letters["Chợ Mường Thanh"]
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN").new_page()
    phone.goto(f"{live_server.url}/dang-nhap/")
    phone.get_by_label("Tên đăng nhập").fill(username)
    phone.get_by_label("Mật khẩu").fill(secret)
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone).to_have_url(f"{live_server.url}/doi-mat-khau/")
    assert Facility.objects.get(name="Chợ Mường Thanh").first_login_at is not None
    phone.locator("#id_old_password").fill(secret)
    phone.locator("#id_new_password1").fill("Cho-Muong-Thanh-2021")
    phone.locator("#id_new_password2").fill("Cho-Muong-Thanh-2021")
    phone.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(phone).not_to_have_url(f"{live_server.url}/doi-mat-khau/")
    # Ward B's funnel moves it from "Chưa đăng nhập" to "Đã đăng nhập, chưa đánh giá", and the
    # list of that stage names it.
    assert ward_b_funnel("no_login") == 1
    assert ward_b_funnel("not_started") == 1
    ward_b.locator("#funnel-table [data-funnel-total] [data-stage-count='not_started'] a").click()
    expect(ward_b.locator("#facility-table")).to_contain_text("Chợ Mường Thanh")
    expect(ward_b.locator("#facility-table")).not_to_contain_text("Siêu thị Mường Thanh")
