"""Hồ sơ theo dõi in Chromium at 360 px and 1366 px: an officer records a contact from the case
file's action bar and reads it at the top of the timeline, nothing off-screen on a phone."""

import os
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Level, Role
from reports.models import Flag, FlagKind
from tests.factories import UserFactory
from tests.factories.reports import signed_facility

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("SCREENSHOT_DIR")


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def flagged(commune_a):
    facility = signed_facility(
        Level.RED, days_ago=6, unit=commune_a, name="Công ty TNHH Chế biến Nông sản Mường Phăng"
    )
    now = timezone.now()
    Flag.objects.create(
        facility=facility,
        kind=FlagKind.UNSAFE,
        opened_at=now - timedelta(days=6),
        created_at=now,  # as the red signature
    )
    Flag.objects.create(
        facility=facility,
        kind=FlagKind.OVERDUE,
        opened_at=now - timedelta(days=40),
        closed_at=now - timedelta(days=30),
        created_at=now - timedelta(days=40),
    )
    officer = UserFactory(
        role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.a", first_name="Quàng Thị Hoa"
    )
    return facility, officer


@pytest.mark.parametrize("width", [360, 1366])
def test_an_officer_records_a_contact_and_reads_it_first_in_the_case_file(
    browser, live_server, flagged, width
):
    facility, officer = flagged
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/quan-ly/co-so/{facility.pk}/")
    expect(page.locator("#casefile-heading")).to_have_text("Hồ sơ theo dõi")
    page.locator("#action-contact").click()
    page.get_by_label("Gọi điện").check()
    page.get_by_label("Liên hệ với ai").fill("Ông Lò Văn Minh, giám đốc")
    page.get_by_label("Kết quả liên hệ").fill("Cơ sở hứa khắc phục lối thoát nạn và ký lại trong tuần")
    past = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Hẹn bước tiếp theo (dd/mm/yyyy)").fill(f"{past:%d/%m/%Y}")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_text(f"Ngày hẹn bước tiếp theo ({past:%d/%m/%Y}) đã qua")).to_be_visible()
    expect(page.get_by_label("Kết quả liên hệ")).to_have_value(
        "Cơ sở hứa khắc phục lối thoát nạn và ký lại trong tuần"
    )
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/contact-form-{width}.png", full_page=True)
    day = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Hẹn bước tiếp theo (dd/mm/yyyy)").fill(f"{day:%d/%m/%Y}")
    page.get_by_role("button", name="Ghi nhận").click()
    first = page.locator("#timeline .timeline-entry").first
    expect(first).to_contain_text("Ghi nhận liên hệ")
    expect(first).to_contain_text("Quàng Thị Hoa")
    expect(first).to_contain_text(f"Hẹn bước tiếp theo {day:%d/%m/%Y}")
    kinds = page.locator("#timeline .timeline-entry").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds == ["contact_recorded", "flag_opened", "assessment", "flag_closed", "flag_opened"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/casefile-{width}.png", full_page=True)
    context.close()
