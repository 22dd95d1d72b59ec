"""The Nhật ký and Cấp lại mật khẩu in Chromium at 360 px and 1366 px: the log readable on a
phone with its old → new values, and an officer reissuing a facility's password from its page,
confirming, and getting the letter to print."""

import os
import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from accounts.choices import Role
from accounts.models import Action
from tests.factories import UserFactory, issued_facility
from tests.factories.activity import logged

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("SCREENSHOT_DIR", "")
LONG = "Công ty TNHH Chế biến Nông sản và Thực phẩm Xuất khẩu Mường Phăng"


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


@pytest.fixture
def case(commune_a):
    clerk = UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.a", first_name="Lò Thị Lan")
    facility = issued_facility(
        unit=commune_a, name=LONG, tax_code="5600000001", address="Bản Phăng, Mường Phăng"
    )
    logged(  # the longest action name: its cell must wrap on a phone, not push the page wider
        facility,
        actor=clerk,
        action=Action.INSPECTION_STARTED,
        at="01/11/2026 08:00",
        summary="Bắt đầu kiểm tra thực tế, đối chiếu bản tự đánh giá ký ngày 30/10/2026",
    )
    logged(
        facility,
        actor=clerk,
        at="02/11/2026 09:15",
        summary="Sửa thông tin cơ sở: số người lao động, điện thoại liên hệ",
        changes={"số người lao động": [10, 25], "điện thoại liên hệ": ["0215 3826 111", "0912 345 678"]},
    )
    logged(
        facility,
        actor=clerk,
        action=Action.CONTACT_RECORDED,
        at="05/11/2026 14:00",
        summary="Gọi điện cho chủ cơ sở, hẹn tự đánh giá trước 15/11",
    )
    logged(
        facility,
        actor=None,
        action=Action.EXPORTED,
        at="06/11/2026 07:00",
        summary="Xuất Cơ sở quá hạn đánh giá (XLSX), 12 dòng",
    )
    return clerk, facility


@pytest.mark.parametrize("width, height", [(360, 740), (1366, 800)])
def test_the_journal_reads_on_a_phone_and_a_laptop(browser, live_server, case, width, height):
    clerk, _facility = case
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server, clerk)
    page.goto(f"{live_server.url}/quan-ly/nhat-ky/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    rows = page.locator("#journal-table tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Xuất Cơ sở quá hạn")  # newest first
    expect(rows.nth(1)).to_contain_text("Gọi điện")
    expect(page.locator(".journal-changes").first).to_contain_text("10 → 25")
    page.fill("#id_date_from", "31/02/2026")
    page.click("form[role=search] button[type=submit]")
    expect(page.locator(".invalid-feedback")).to_contain_text("Ngày không hợp lệ")
    expect(page.locator("#id_date_from")).to_have_value("31/02/2026")
    page.goto(f"{live_server.url}/quan-ly/nhat-ky/")
    shot(page, f"journal-{width}.png")
    context.close()


@pytest.mark.parametrize("width, height", [(360, 740), (1366, 800)])
def test_an_officer_reissues_a_password_from_the_facility_page_and_gets_the_letter(
    browser, live_server, case, width, height
):
    clerk, facility = case
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server, clerk)
    page.goto(f"{live_server.url}/quan-ly/co-so/{facility.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (
        "the facility page scrolls sideways"
    )
    shot(page, f"facility-{width}.png")
    page.click("#reissue-link")
    expect(page.locator("h1")).to_have_text("Cấp lại mật khẩu")
    shot(page, f"reissue-confirm-{width}.png")
    page.click("#reissue-confirm")
    secret = page.locator("[data-secret]")
    expect(secret).to_have_text(re.compile(r"^[0-9a-z]{4}(-[0-9a-z]{4}){5}$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the letter scrolls sideways"
    expect(page.locator("[data-print]")).to_be_visible()
    shot(page, f"reissue-letter-{width}.png")
    context.close()
