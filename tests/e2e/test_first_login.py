import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Cho-Dien-Bien-2021"


def test_facility_first_login_forces_password_change_then_lands_home(
    live_server, phone_page, facility_user, tmp_path
):
    facility_user.must_change_password = True
    facility_user.save()
    page = phone_page
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("coso.a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(re.compile(r"/doi-mat-khau/$"))
    expect(page.get_by_text("Bạn đang dùng mật khẩu được cấp")).to_be_visible()
    # Any other page sends the user back to the password change.
    page.goto(f"{live_server.url}/co-so/")
    expect(page).to_have_url(re.compile(r"/doi-mat-khau/$"))

    page.locator("#id_old_password").fill(PASSWORD)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()

    expect(page).to_have_url(re.compile(r"/co-so/$"))
    expect(page.get_by_role("heading", name="Chợ Điện Biên")).to_be_visible()
    expect(page.get_by_text("Đã đổi mật khẩu")).to_be_visible()
    page.screenshot(path=tmp_path / "facility-home-360.png", full_page=True)
    user = User.objects.get(username="coso.a")
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)


def test_locked_out_user_sees_the_lockout_page(live_server, desktop_page, facility_user, settings):
    page = desktop_page
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill("coso.a")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Tài khoản tạm thời bị khóa")).to_be_visible()


def test_a_wrong_password_reads_as_one_sentence_not_a_bulleted_list(live_server, phone_page, facility_user):
    page = phone_page
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("coso.a")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    error = page.locator(".alert-danger li", has_text="Tên đăng nhập hoặc mật khẩu không đúng")
    expect(error).to_be_visible()
    assert error.evaluate("el => getComputedStyle(el).listStyleType") == "none"
    indent = error.evaluate(
        "el => el.getBoundingClientRect().left - el.closest('.alert').getBoundingClientRect().left"
    )
    assert indent <= 20, f"the message starts {indent:.0f} px into its box, behind a bullet"
