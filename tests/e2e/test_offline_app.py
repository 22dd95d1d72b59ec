"""The facility's installable app on a phone in a commune where the signal comes and goes:
loaded once online, then opened from the home screen with no connection, the official path
Kiểm tra → TEMPLATES → Chống dịch Covid19 followed, filled with photos, Hoàn thành shown and
signed offline; back online, everything arrives exactly once, even when the outbox is
replayed."""

import pytest
from playwright.sync_api import expect

from assessments.models import Answer, Assessment, OutboxReceipt, Photo
from tests.factories import PASSWORD, issued_facility
from tests.factories.assessments import jpeg_bytes, seed_templates

pytestmark = pytest.mark.django_db(transaction=True)
CHECKLIST = "Phòng, chống dịch COVID-19 tại nơi làm việc"
UNTICKED = {"3.6", "4.3"}  # weight 2 of 28 unmet: still An toàn
PHOTOS = ["1.2", "2.1", "2.3", "3.2", "4.1"]

# Copies the outbox into a second database, so the test can put every item back and send
# it all again after the server has taken it (a phone replaying its whole queue).
STASH = """async () => {
  const recs = await self.SafeMapOutbox.all();
  const db = await new Promise((ok, ko) => { const r = indexedDB.open("replay", 1);
    r.onupgradeneeded = () => r.result.createObjectStore("recs", { keyPath: "key" });
    r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
  await new Promise((ok) => { const tx = db.transaction("recs", "readwrite");
    recs.forEach((rec) => tx.objectStore("recs").put(rec)); tx.oncomplete = ok; });
  return recs.map((r) => r.kind);
}"""
REPLAY = """async () => {
  const db = await new Promise((ok) => { const r = indexedDB.open("replay", 1); r.onsuccess = () => ok(r.result); });
  const recs = await new Promise((ok) => { const q = db.transaction("recs").objectStore("recs").getAll(); q.onsuccess = () => ok(q.result); });
  for (const rec of recs) { rec.state = "waiting"; await self.SafeMapOutbox.put(rec); }
  const outcomes = [];
  await self.SafeMapOutbox.drain((rec, res) => outcomes.push(res.outcome));
  return outcomes;
}"""


def item(page, code):
    return page.locator(".fill-item", has=page.locator(f"strong:text-is('{code}')"))


def login(page, base, facility):
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", facility.user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{base}/co-so/")


def draw_signature(page, canvas):
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 100)
    page.mouse.down()
    for x, y in [(70, 40), (110, 110), (160, 30), (210, 100)]:
        page.mouse.move(box["x"] + x, box["y"] + y, steps=5)
    page.mouse.up()


def test_a_clerk_completes_and_signs_offline_and_the_server_gets_it_exactly_once(
    live_server, phone_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "diem-rua-tay.jpg"
    photo.write_bytes(jpeg_bytes((2000, 1500), (40, 140, 60)))
    seed_templates()
    facility = issued_facility(name="HTX Chè Tủa Chùa", facility_type="factory", has_dormitory=False)
    base = live_server.url
    context = phone_page.context
    page = phone_page
    page.set_default_timeout(15_000)

    # Online once: log in, start the checklist by the official path, come back home.
    login(page, base, facility)
    page.locator("main").get_by_role("link", name="Kiểm tra", exact=True).click()
    page.get_by_role("link", name="TEMPLATES").click()
    page.get_by_role("link", name="Chống dịch Covid19").click()
    page.get_by_role("button", name=CHECKLIST).click()
    expect(page.locator("h1")).to_have_text(CHECKLIST)
    assessment = Assessment.objects.get(facility=facility)
    page.goto(f"{base}/co-so/")
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    assert page.evaluate("navigator.serviceWorker.controller !== null")

    # No connection; the browser is closed and SafeMap opened again from the home screen.
    context.set_offline(True)
    page.close()
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/co-so/")
    expect(page.locator("#offline-banner")).to_have_text("Đang ngoại tuyến")
    expect(page.locator("h1")).to_have_text("HTX Chè Tủa Chùa")
    page.locator("main").get_by_role("link", name="Kiểm tra", exact=True).click()
    page.get_by_role("link", name="TEMPLATES").click()
    page.get_by_role("link", name="Chống dịch Covid19").click()
    page.get_by_role("button", name=CHECKLIST).click()
    expect(page.locator("h1")).to_have_text(CHECKLIST)
    expect(page.locator("#offline-banner")).to_be_visible()

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
    expect(page.locator("#outbox-count")).to_have_text(str(len(codes) - len(UNTICKED) + len(PHOTOS) + 1))
    # Chromium has Background Sync: the worker is asked to send the queue when the signal returns.
    assert "safemap-outbox" in page.evaluate("navigator.serviceWorker.ready.then((r) => r.sync.getTags())")

    page.get_by_role("button", name="Hoàn thành").click()
    level = page.locator("#offline-level")
    expect(level).to_have_attribute("data-level", "green")
    expect(level).to_have_text("An toàn")
    shown_level, shown_score = level.get_attribute("data-level"), level.get_attribute("data-score")
    page.fill("#offline-signer-name", "Giàng A Páo")
    page.fill("#offline-signer-position", "Chủ nhiệm HTX")
    draw_signature(page, page.locator("#offline-signature"))
    page.get_by_role("button", name="Ký xác nhận").click()
    expect(page.locator("#offline-signed")).to_contain_text("Đã ký trên máy này")
    kinds = page.evaluate(STASH)
    assert kinds.count("photo") == 5 and kinds.count("sign") == 1
    page.close()
    assert Assessment.objects.get(pk=assessment.pk).status == "draft"
    assert not Answer.objects.filter(assessment=assessment).exists()

    # The connection returns; SafeMap is opened again and sends what waited.
    context.set_offline(False)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/co-so/")
    expect(page.locator("html")).to_have_attribute("data-outbox-left", "0", timeout=30_000)
    expect(page.locator("#outbox-status")).to_be_hidden()
    signed = Assessment.objects.get(pk=assessment.pk)
    assert signed.status == "signed" and signed.digest_matches()
    assert signed.level == shown_level and str(signed.score) == shown_score
    assert signed.device_signed_at is not None and signed.device_signed_at <= signed.signed_at
    assert signed.signer_name == "Giàng A Páo" and signed.signature
    answers = {a.item.code: a for a in signed.answers.select_related("item")}
    assert {c for c, a in answers.items() if a.met} == set(codes) - UNTICKED
    assert answers["3.6"].note == "Thùng rác ở nhà sao chè chưa có nắp."
    assert sorted(p.item.code for p in Photo.objects.filter(assessment=signed)) == sorted(PHOTOS)
    assert page.evaluate("self.SafeMapOutbox.all().then((r) => r.length)") == 0

    # The whole queue sent again: every item is answered from its receipt, nothing doubles.
    receipts = OutboxReceipt.objects.count()
    outcomes = page.evaluate(REPLAY)
    assert outcomes and set(outcomes) == {"sent"}
    assert Assessment.objects.filter(facility=facility, status="signed").count() == 1
    assert Photo.objects.filter(assessment=signed).count() == len(PHOTOS)
    assert OutboxReceipt.objects.count() == receipts
    page.goto(f"{base}/danh-gia/{signed.pk}/")
    expect(page.locator("#signed-times")).to_contain_text("Máy chủ nhận")
    expect(page.locator("#on-time")).to_contain_text("tính theo thời điểm máy chủ nhận chữ ký")
