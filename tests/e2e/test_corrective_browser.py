"""Yêu cầu khắc phục in Chromium: an officer asks on a laptop, the facility answers on a 360 px
phone with a photo, the officer reviews the round and accepts it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from assessments.corrective import CorrectiveRequest, RequestStatus
from tests.factories import UserFactory, issued_facility
from tests.factories.assessments import jpeg_bytes, make_template
from tests.factories.corrective import signed_with_unmet
from tests.storage import isolate_media

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def laptop_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    yield context.new_page()
    context.close()


def test_request_answered_with_a_photo_on_a_phone_then_accepted(
    phone_page, laptop_page, live_server, commune_a, province, settings, tmp_path
):
    isolate_media(settings, tmp_path / "media")
    facility = issued_facility(unit=commune_a, name="Công ty TNHH May mặc Điện Biên")
    signed_with_unmet(facility, make_template())
    officer = UserFactory(role=Role.PROVINCE, unit=province, username="so.dienbien", first_name="Lò Thị Hoa")

    # The officer ticks an unmet item, writes another, and gives a deadline.
    page = laptop_page
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/quan-ly/co-so/{facility.pk}/")
    page.locator("#action-corrective").click()
    page.get_by_label("1.2 Đeo khẩu trang").check()
    page.get_by_label("Nội dung khác cần khắc phục").fill("Sơn lại vạch lối thoát hiểm ở xưởng 2")
    page.get_by_label("Hạn khắc phục").fill((timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Gửi yêu cầu khắc phục").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("đã qua")
    expect(page.get_by_label("1.2 Đeo khẩu trang")).to_be_checked()
    expect(page.get_by_label("Nội dung khác cần khắc phục")).to_have_value(
        "Sơn lại vạch lối thoát hiểm ở xưởng 2"
    )
    page.screenshot(path="/tmp/ui/corrective-new-error-1366.png", full_page=True)
    deadline = timezone.localdate() + timedelta(days=5)
    page.get_by_label("Hạn khắc phục").fill(deadline.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Gửi yêu cầu khắc phục").click()
    expect(page.locator("#corrective-status")).to_have_text("Đang chờ khắc phục")
    corrective = CorrectiveRequest.objects.get()

    # The facility sees it first thing on its home page, and answers with a photo.
    phone = phone_page
    sign_in(phone, live_server, facility.user)
    phone.goto(f"{live_server.url}/co-so/")
    box = phone.locator("#corrective-requests")
    expect(box).to_contain_text("còn 5 ngày")
    phone.screenshot(path="/tmp/ui/corrective-home-360.png")
    box.get_by_role("link", name="Báo cáo khắc phục").click()
    photo = tmp_path / "sau-khac-phuc.jpg"
    photo.write_bytes(jpeg_bytes((800, 600), colour=(40, 140, 60)))
    phone.get_by_label("Đã khắc phục thế nào").fill(
        "Đã phát khẩu trang cho công nhân và sơn lại vạch lối thoát."
    )
    phone.get_by_label("Ảnh sau khắc phục").set_input_files(str(photo))
    phone.screenshot(path="/tmp/ui/corrective-answer-360.png", full_page=True)
    phone.get_by_role("button", name="Đã khắc phục").click()
    expect(phone.locator("#corrective-status")).to_have_text("Đã khắc phục, chờ xem xét")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
    expect(phone.locator("#corrective-rounds img")).to_have_count(1)
    phone.screenshot(path="/tmp/ui/corrective-answered-360.png", full_page=True)

    # The officer reviews the round with its photo and accepts.
    page.goto(f"{live_server.url}{corrective.get_absolute_url()}")
    expect(page.locator("#corrective-rounds")).to_contain_text("Đã phát khẩu trang")
    thumb = page.locator("#corrective-rounds img").first
    expect(thumb).to_be_visible()
    # The thumbnail is lazy: scrolled to, it must load (a timeout here is a photo that does not).
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    page.screenshot(path="/tmp/ui/corrective-review-1366.png", full_page=True)
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.locator("#corrective-status")).to_have_text("Đã chấp nhận")
    corrective.refresh_from_db()
    assert corrective.status == RequestStatus.ACCEPTED

    page.goto(f"{live_server.url}/quan-ly/co-so/{facility.pk}/")
    expect(page.locator("#casefile")).to_contain_text("Chấp nhận khắc phục")
    page.screenshot(path="/tmp/ui/corrective-casefile-1366.png", full_page=True)

    phone.reload()
    expect(phone.locator("#corrective-closed")).to_be_visible()
    expect(phone.locator("#corrective-answer")).to_have_count(0)
