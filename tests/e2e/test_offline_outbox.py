"""What waits on the phone is shown and under the clerk's control: "Đang chờ gửi: N", a
"Gửi ngay" button, and each item the server refused with its reason; nothing waiting is
forgotten when the server cannot be reached."""

import time

import pytest
from playwright.sync_api import expect

from assessments.models import Answer
from assessments.services import answer_save, assessment_complete, assessment_sign, photo_add
from tests.factories import PASSWORD, issued_facility
from tests.factories.assessments import draft, jpeg_bytes, seed_templates, signature_png, upload

pytestmark = pytest.mark.django_db(transaction=True)


def item(page, code):
    return page.locator(".fill-item", has=page.locator(f"strong:text-is('{code}')"))


@pytest.fixture
def filling(live_server, phone_page):
    templates = seed_templates()
    facility = issued_facility(name="Cửa hàng Mường Lay")
    assessment = draft(facility, templates["noi-lam-viec"])
    page = phone_page
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", facility.user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    page.goto(f"{live_server.url}/danh-gia/{assessment.pk}/dien/")
    return page, assessment


def test_what_waits_after_the_session_ended_is_sent_by_gui_ngay_after_logging_in_again(filling, live_server):
    page, assessment = filling
    facility_user = assessment.facility.user
    page.context.clear_cookies()  # the session ended while the clerk was filling
    for code in ("1.1", "1.3", "1.4"):
        item(page, code).locator("input[name=met]").check()
    expect(page.locator("#outbox-status")).to_have_text("Đang chờ gửi: 3")
    expect(page.locator("#app-status")).to_contain_text("Phiên đăng nhập đã hết")
    expect(item(page, "1.1").locator(".save-state")).to_have_text("phiên đăng nhập đã hết, hãy tải lại trang")
    expect(item(page, "1.4").locator(".save-state")).to_have_text("đã lưu trên máy")
    assert not Answer.objects.filter(assessment=assessment).exists()

    # Logged in again (here without opening a page, so nothing else sends the queue).
    login_url = f"{live_server.url}/dang-nhap/"
    form = page.context.request.get(login_url).text()
    csrf = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    page.context.request.post(
        login_url,
        form={"csrfmiddlewaretoken": csrf, "username": facility_user.username, "password": PASSWORD},
        headers={"Referer": login_url},
    )
    page.get_by_role("button", name="Gửi ngay").click()
    expect(page.locator("#outbox-status")).to_be_hidden()
    expect(item(page, "1.4").locator(".save-state")).to_have_text("đã lưu")
    assert Answer.objects.filter(assessment=assessment, met=True).count() == 3


def test_what_the_server_refused_is_listed_with_its_reason_and_kept(filling):
    page, assessment = filling
    page.context.set_offline(True)
    item(page, "1.3").locator("input[name=met]").check()
    item(page, "1.4").locator("input[name=met]").check()
    expect(page.locator("#outbox-count")).to_have_text("2")
    # Meanwhile another phone of the facility completes and signs the same draft.
    for it in assessment.version.items_in_order():
        answer_save(assessment=assessment, item_id=it.pk, met=True)
        if it.photo_required:
            photo_add(assessment=assessment, item_id=it.pk, upload=upload("a.jpg", jpeg_bytes()), by=None)
    assessment_complete(assessment=assessment)
    assessment_sign(
        assessment=assessment, signer_name="A", signer_position="B", signature_png=signature_png(), by=None
    )

    page.context.set_offline(False)
    failures = page.locator("#outbox-failures li")
    expect(failures).to_have_count(2)
    expect(failures.first).to_contain_text("Không gửi được: Bản đánh giá này đã ký xác nhận hoặc đã đóng")
    expect(page.locator("#outbox-status")).to_be_hidden()
    expect(item(page, "1.3").locator(".item-error")).to_contain_text("đã ký xác nhận")
    # Read, then dismissed one by one; the list goes when nothing is left in it.
    page.get_by_role("button", name="Đã xem, bỏ qua").first.click()
    expect(failures).to_have_count(1)
    page.get_by_role("button", name="Đã xem, bỏ qua").click()
    expect(page.locator("#outbox-failures")).to_be_hidden()


def test_background_sync_sends_the_queue_when_the_signal_returns_with_no_safemap_page_open(filling):
    page, assessment = filling
    context = page.context
    context.set_offline(True)
    item(page, "1.3").locator("input[name=met]").check()
    expect(page.locator("#outbox-count")).to_have_text("1")
    context.new_page().goto("about:blank")  # the phone's browser stays open, on something else
    page.close()
    context.set_offline(False)
    deadline = time.monotonic() + 20
    while not Answer.objects.filter(assessment=assessment, met=True).exists() and time.monotonic() < deadline:
        time.sleep(0.25)
    assert Answer.objects.filter(assessment=assessment, met=True).count() == 1


def test_a_signature_made_offline_over_another_devices_change_is_refused_in_vietnamese_and_loses_nothing(
    filling,
):
    page, assessment = filling
    page.context.set_offline(True)
    item(page, "1.1").locator("input[name=met]").check()
    page.get_by_role("button", name="Hoàn thành").click()
    expect(page.locator("#offline-level")).to_have_attribute("data-level", "red")
    page.fill("#offline-signer-name", "Giàng A Páo")
    page.fill("#offline-signer-position", "Chủ nhiệm HTX")
    canvas = page.locator("#offline-signature")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 60)
    page.mouse.down()
    page.mouse.move(box["x"] + 160, box["y"] + 30, steps=5)
    page.mouse.up()
    page.get_by_role("button", name="Ký xác nhận").click()
    expect(page.locator("#offline-signed")).to_contain_text("Đã ký trên máy này")
    # The facility's second phone adds a note while this one is offline.
    note_item = assessment.version.items_in_order().get(code="1.3")
    answer_save(assessment=assessment, item_id=note_item.pk, note="Ghi từ máy thứ hai")

    page.context.set_offline(False)
    expect(page.locator("#offline-signed")).to_contain_text("có thể từ một thiết bị khác")
    expect(page.get_by_role("button", name="Hoàn thành")).to_be_visible()
    expect(item(page, "1.4").locator("input[name=met]")).to_be_enabled()
    assessment.refresh_from_db()
    assert assessment.is_open and not assessment.signature
    answers = {a.item.code: a for a in assessment.answers.select_related("item")}
    assert answers["1.1"].met is True and answers["1.3"].note == "Ghi từ máy thứ hai"
