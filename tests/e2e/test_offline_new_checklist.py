"""A checklist never started online, started offline: the clerk loaded the app once (home
page only, no draft anywhere), then with no connection follows Kiểm tra → TEMPLATES →
Chống dịch Covid19, presses the checklist, fills it with notes and photos, Hoàn thành and
signs. Back online exactly one draft is made, everything lands on it, it is signed at the
level the phone showed, and a replay of the whole queue (its "start" too) makes nothing new."""

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, OutboxReceipt, Photo
from tests.e2e.test_offline_app import REPLAY, STASH, draw_signature, item, login
from tests.factories import issued_facility
from tests.factories.assessments import jpeg_bytes, seed_templates

pytestmark = pytest.mark.django_db(transaction=True)
CHECKLIST = "Phòng, chống dịch COVID-19 tại nơi làm việc"
UNTICKED = {"3.6", "4.3"}
PHOTOS = ["1.2", "2.1", "2.3", "3.2", "4.1"]


def offline_path(page, base):
    page.goto(f"{base}/co-so/")
    expect(page.locator("#offline-banner")).to_have_text("Đang ngoại tuyến")
    page.locator("main").get_by_role("link", name="Kiểm tra", exact=True).click()
    page.get_by_role("link", name="TEMPLATES").click()
    page.get_by_role("link", name="Chống dịch Covid19").click()
    page.get_by_role("button", name=CHECKLIST).click()
    expect(page.locator("h1")).to_have_text(CHECKLIST)


def fill_and_sign(page, photo):
    codes = page.locator(".fill-item strong").all_inner_texts()
    for code in codes:
        if code not in UNTICKED:
            item(page, code).locator("input[name=met]").check()
            expect(item(page, code).locator(".save-state")).to_have_text("đã lưu trên máy")
    for code in PHOTOS:
        item(page, code).locator("input.photo-input").set_input_files(str(photo))
        expect(item(page, code).locator(".photo-thumb.uploading")).to_have_count(1)
    note = item(page, "3.6")
    note.get_by_role("button", name="Ghi chú").click()
    note.locator("textarea").fill("Thùng rác ở nhà sao chè chưa có nắp.")
    note.locator("textarea").blur()
    # The start, each tick, each photo and the note.
    expect(page.locator("#outbox-count")).to_have_text(str(1 + len(codes) - len(UNTICKED) + len(PHOTOS) + 1))
    page.get_by_role("button", name="Hoàn thành").click()
    level = page.locator("#offline-level")
    expect(level).to_have_attribute("data-level", "green")
    page.fill("#offline-signer-name", "Giàng A Páo")
    page.fill("#offline-signer-position", "Chủ nhiệm HTX")
    draw_signature(page, page.locator("#offline-signature"))
    page.get_by_role("button", name="Ký xác nhận").click()
    expect(page.locator("#offline-signed")).to_contain_text("Đã ký trên máy này")
    return codes, level.get_attribute("data-level"), level.get_attribute("data-score")


def test_a_checklist_never_started_online_is_started_filled_and_signed_offline_and_made_once(
    live_server, phone_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "diem-rua-tay.jpg"
    photo.write_bytes(jpeg_bytes((1200, 900), (40, 140, 60)))
    seed_templates()
    facility = issued_facility(name="HTX Chè Tủa Chùa", facility_type="factory", has_dormitory=False)
    base = live_server.url
    context = phone_page.context
    page = phone_page
    page.set_default_timeout(15_000)

    # Online once, the home page only: no draft anywhere.
    login(page, base, facility)
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    assert not Assessment.objects.filter(facility=facility).exists()

    context.set_offline(True)
    page.close()
    page = context.new_page()
    page.set_default_timeout(15_000)
    offline_path(page, base)
    expect(page.locator("#offline-banner")).to_be_visible()
    codes, shown_level, shown_score = fill_and_sign(page, photo)
    kinds = page.evaluate(STASH)
    assert kinds[0] == "start" and kinds.count("start") == 1 and kinds.count("sign") == 1
    page.close()
    assert not Assessment.objects.filter(facility=facility).exists()

    context.set_offline(False)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/co-so/")
    expect(page.locator("html")).to_have_attribute("data-outbox-left", "0")
    expect(page.locator("#outbox-status")).to_be_hidden()
    signed = Assessment.objects.get(facility=facility)
    assert signed.status == "signed" and signed.digest_matches()
    assert signed.level == shown_level and str(signed.score) == shown_score
    assert signed.signer_name == "Giàng A Páo" and signed.signature
    answers = {a.item.code: a for a in signed.answers.select_related("item")}
    assert {c for c, a in answers.items() if a.met} == set(codes) - UNTICKED
    assert answers["3.6"].note == "Thùng rác ở nhà sao chè chưa có nắp."
    assert sorted(p.item.code for p in Photo.objects.filter(assessment=signed)) == sorted(PHOTOS)
    assert page.evaluate("self.SafeMapOutbox.all().then((r) => r.length)") == 0

    # The whole queue again, its start first: answered from the receipts, no second draft.
    receipts = OutboxReceipt.objects.count()
    outcomes = page.evaluate(REPLAY)
    assert outcomes and set(outcomes) == {"sent"}
    assert Assessment.objects.filter(facility=facility).count() == 1
    assert Photo.objects.filter(assessment=signed).count() == len(PHOTOS)
    assert OutboxReceipt.objects.count() == receipts
    page.goto(f"{base}/danh-gia/{signed.pk}/")
    expect(page.locator("#signed-times")).to_contain_text("Máy chủ nhận")


def test_a_checklist_started_offline_while_another_device_started_it_keeps_everything_and_refuses_the_signature(
    live_server, phone_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "diem-rua-tay.jpg"
    photo.write_bytes(jpeg_bytes((800, 600), (40, 140, 60)))
    seed_templates()
    facility = issued_facility(name="HTX Chè Tủa Chùa", facility_type="factory", has_dormitory=False)
    base = live_server.url
    context = phone_page.context
    page = phone_page
    page.set_default_timeout(15_000)
    login(page, base, facility)
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")

    context.set_offline(True)
    page.close()
    page = context.new_page()
    page.set_default_timeout(15_000)
    offline_path(page, base)
    codes = fill_and_sign(page, photo)[0]
    page.close()

    # Meanwhile the director started it on the office computer and ticked 3.6.
    from assessments.services import answer_save, assessment_start
    from checklists.models import Template

    other = assessment_start(
        facility=facility, template=Template.objects.get(name=CHECKLIST), by=facility.user
    )
    answer_save(assessment=other, item_id=other.version.items_in_order().get(code="3.6").pk, met=True)

    context.set_offline(False)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/co-so/")
    expect(page.locator("#outbox-failures")).to_contain_text("Bản đánh giá trên máy chủ đã được sửa")
    assert Assessment.objects.filter(facility=facility).count() == 1
    kept = Assessment.objects.get(pk=other.pk)
    assert kept.status != "signed"
    answers = {a.item.code: a for a in kept.answers.select_related("item")}
    assert {c for c, a in answers.items() if a.met} == (set(codes) - UNTICKED) | {"3.6"}
    assert answers["3.6"].note == "Thùng rác ở nhà sao chè chưa có nắp."
    assert Photo.objects.filter(assessment=kept).count() == len(PHOTOS)


def test_a_checklist_withdrawn_while_it_was_started_offline_says_why_and_nothing_waits_forever(
    live_server, phone_page
):
    seed_templates()
    facility = issued_facility(name="HTX Chè Tủa Chùa", facility_type="factory", has_dormitory=False)
    base = live_server.url
    context = phone_page.context
    page = phone_page
    page.set_default_timeout(15_000)
    login(page, base, facility)
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    context.set_offline(True)
    page.close()
    page = context.new_page()
    page.set_default_timeout(15_000)
    offline_path(page, base)
    item(page, "1.1").locator("input[name=met]").check()
    expect(item(page, "1.1").locator(".save-state")).to_have_text("đã lưu trên máy")
    page.close()

    from checklists.models import Template

    Template.objects.filter(name=CHECKLIST).update(is_active=False)
    context.set_offline(False)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/co-so/")
    expect(page.locator("#outbox-failures .outbox-failure")).to_have_count(2)
    expect(page.locator("#outbox-failures")).to_contain_text("Bộ câu hỏi này không còn dùng được cho cơ sở.")
    expect(page.locator("#outbox-status")).to_be_hidden()
    assert not Assessment.objects.filter(facility=facility).exists()
