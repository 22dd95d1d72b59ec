"""Issue 13's "Done when": the whole follow-up loop walked through the UI on a 360 px phone.

A facility signed an unsafe self-assessment and the scan flagged it. The commune officer
records a contact (Ghi nhận liên hệ) and a Yêu cầu khắc phục on one unmet item; the facility
answers with a photo (Đã khắc phục) and the officer accepts. The officer does a Kiểm tra thực
tế, finds one item the facility claimed met not met, and signs. The Sở officer puts it on an
Đề xuất tạm dừng, sends it (Gửi UBND tỉnh) and records the Quyết định tạm dừng with its PDF: the
public map says "Tạm dừng hoạt động". The facility signs a new passing self-assessment, the Sở
officer records Cho hoạt động trở lại, the map shows its colour again, and the Nhật ký and the
Hồ sơ theo dõi list every step in order. Screenshots go to $SCREENSHOT_DIR (default /tmp/ui/loop).
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Level, Role
from reports.flags import flags_scan
from reports.models import Flag, FlagKind
from tests.factories import UserFactory, issued_facility
from tests.factories.assessments import jpeg_bytes, seed_templates
from tests.factories.corrective import signed_with_unmet
from tests.factories.suspensions import PDF, province_officer
from tests.storage import isolate_media

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or "/tmp/ui/loop")
WIDTH = 360
NAME = "Công ty TNHH May mặc Mường Thanh"
# Unmet in the facility's self-assessment: 3.1 is critical, so the result is Không an toàn.
CLAIMED_UNMET = ("3.1", "3.6")
PHOTO_ITEMS = ("1.2", "2.1", "2.3", "3.2", "4.1")


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits(page, where):
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > WIDTH:
        shot(page, "too-wide")
        wide = page.evaluate(
            """w => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > w)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 60))""",
            WIDTH,
        )
        print("too wide:", wide)
    assert width <= WIDTH, f"{where} scrolls sideways at {WIDTH} px ({width} px wide)"


def item(page, code):
    return page.locator(".fill-item", has=page.locator(f"strong:text-is('{code}')"))


def draw_signature(page):
    canvas = page.locator("#signature-pad")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 100)
    page.mouse.down()
    for x, y in [(70, 40), (110, 110), (160, 40), (210, 100)]:
        page.mouse.move(box["x"] + x, box["y"] + y, steps=6)
    page.mouse.up()


def open_menu(page, group, entry):
    """The officer's menu on a phone: the burger, then the group, then the page."""
    page.locator(".navbar-toggler").click()
    page.locator("#nav").get_by_role("button", name=group).or_(
        page.locator("#nav").get_by_role("link", name=group, exact=True)
    ).first.click()
    page.locator("#nav .dropdown-menu").get_by_role("link", name=entry, exact=True).click()


def find_on_public_map(page, live_server):
    page.goto(f"{live_server.url}/ban-do/")
    page.wait_for_selector("body[data-map-ready='1']", timeout=15000)
    page.fill("input[name=q]", "muong thanh")
    page.press("input[name=q]", "Enter")
    result = page.locator("#map-results-list li button")
    expect(result).to_have_count(1)
    result.click()
    popup = page.locator(".sm-popup")
    expect(popup).to_contain_text(NAME)
    return result, popup


@pytest.fixture
def start(commune_a, province, settings, tmp_path):
    """The starting state: a facility whose signed self-assessment leaves two items unmet
    (Không an toàn), flagged by the scan; a commune officer and a Sở officer."""
    isolate_media(settings, tmp_path / "media")
    templates = seed_templates()
    facility = issued_facility(
        unit=commune_a,
        name=NAME,
        address="Tổ 3, phường Mường Thanh",
        facility_type="factory",
        has_dormitory=False,
        latitude=21.39,
        longitude=103.01,
    )
    signed_with_unmet(facility, templates["noi-lam-viec"], unmet=CLAIMED_UNMET)
    flags_scan()
    facility.refresh_from_db()
    assert facility.level == Level.RED
    assert Flag.objects.filter(facility=facility, kind=FlagKind.UNSAFE, closed_at__isnull=True).exists()
    officer = UserFactory(
        role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.muongthanh", first_name="Quàng Thị Hoa"
    )
    sở = province_officer(province, username="so.dienbien", first_name="Lò Văn Sở")
    return facility, officer, sở


def test_the_whole_follow_up_loop_on_a_phone(live_server, phone_page, start, tmp_path):
    facility, officer, sở = start
    page = phone_page
    page.set_default_timeout(15_000)
    base = live_server.url
    today = timezone.localdate()
    photo = tmp_path / "sau-khac-phuc.jpg"
    photo.write_bytes(jpeg_bytes((800, 600), colour=(40, 140, 60)))

    # 1. The commune officer finds the facility among the unsafe ones and opens its case file.
    sign_in(page, live_server, officer)
    page.goto(f"{base}/quan-ly/")
    open_menu(page, "Danh sách", "Không an toàn")
    page.get_by_role("link", name=NAME).first.click()
    expect(page.locator("#casefile-heading")).to_have_text("Hồ sơ theo dõi")
    fits(page, "the case file")
    shot(page, "01-casefile-flagged")

    # 2. Ghi nhận liên hệ.
    page.locator("#action-contact").click()
    expect(page.locator("h1")).to_contain_text("Ghi nhận liên hệ")
    page.get_by_label("Gọi điện").check()
    page.get_by_label("Liên hệ với ai").fill("Ông Lò Văn Minh, giám đốc")
    page.get_by_label("Kết quả liên hệ").fill("Cơ sở hứa cho công nhân đeo khẩu trang suốt ca")
    page.get_by_label("Hẹn bước tiếp theo (dd/mm/yyyy)").fill(f"{today + timedelta(days=3):%d/%m/%Y}")
    fits(page, "Ghi nhận liên hệ")
    shot(page, "02-contact")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("#timeline .timeline-entry").first).to_contain_text("Ghi nhận liên hệ")

    # 3. Yêu cầu khắc phục on one unmet item.
    page.locator("#action-corrective").click()
    expect(page.locator("h1")).to_contain_text("Yêu cầu khắc phục")
    page.locator("label", has_text="3.1").first.click()
    page.get_by_label("Hạn khắc phục").fill((today + timedelta(days=5)).isoformat())
    fits(page, "Yêu cầu khắc phục (new)")
    shot(page, "03-corrective-new")
    page.get_by_role("button", name="Gửi yêu cầu khắc phục").click()
    expect(page.locator("#corrective-status")).to_have_text("Đang chờ khắc phục")
    corrective_url = page.url

    # 4. The facility answers it from its home page, with a photo.
    sign_in(page, live_server, facility.user)
    page.goto(f"{base}/co-so/")
    box = page.locator("#corrective-requests")
    expect(box).to_contain_text("còn 5 ngày")
    fits(page, "the facility's home page")
    shot(page, "04-facility-home-request")
    box.get_by_role("link", name="Báo cáo khắc phục").click()
    page.get_by_label("Đã khắc phục thế nào").fill("Đã phát khẩu trang, tổ trưởng nhắc đeo suốt ca.")
    page.get_by_label("Ảnh sau khắc phục").set_input_files(str(photo))
    page.get_by_role("button", name="Đã khắc phục").click()
    expect(page.locator("#corrective-status")).to_have_text("Đã khắc phục, chờ xem xét")
    fits(page, "the answered request")
    shot(page, "05-facility-answered")

    # 5. The officer accepts (reached from the case file, as the officer would).
    sign_in(page, live_server, officer)
    page.goto(f"{base}/quan-ly/co-so/{facility.pk}/")
    page.locator("#casefile").get_by_role("link", name="Cơ sở báo đã khắc phục").first.click()
    assert page.url.split("#")[0] == corrective_url.split("#")[0]
    thumb = page.locator("#corrective-rounds img").first
    thumb.scroll_into_view_if_needed()  # lazy: it loads once on screen, and must
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.locator("#corrective-status")).to_have_text("Đã chấp nhận")
    fits(page, "the accepted request")
    shot(page, "06-corrective-accepted")

    # 6. Kiểm tra thực tế: one item the facility claimed met is not met; signed.
    page.goto(f"{base}/quan-ly/co-so/{facility.pk}/")
    page.get_by_role("button", name="Kiểm tra thực tế").click()
    expect(page.locator("h1")).to_contain_text("Kiểm tra thực tế")
    wrong = item(page, "5.1")
    expect(wrong.locator("input[name=met]")).to_be_checked()
    wrong.locator("input[name=met]").uncheck()
    expect(wrong.locator(".save-state")).to_have_text("đã lưu")
    wrong.get_by_role("button", name="Ghi chú").click()
    wrong.locator("textarea").fill("Không có sổ theo dõi sức khỏe người lao động.")
    expect(wrong.locator(".save-state")).to_have_text("đã lưu")
    for code in PHOTO_ITEMS:
        box = item(page, code)
        if box.locator(".photo-thumb img").count() == 0:
            box.locator("input.photo-input").set_input_files(str(photo))
            expect(box.locator(".photo-thumb img")).to_have_count(1)
    fits(page, "Kiểm tra thực tế")
    shot(page, "07-inspection-fill")
    page.get_by_role("button", name="Hoàn thành").click()
    expect(page.locator("#discrepancy-items")).to_contain_text("Theo dõi sức khỏe")
    page.get_by_role("link", name="Ký xác nhận").click()
    page.fill("input[name=signer_name]", "Quàng Thị Hoa")
    page.fill("input[name=signer_position]", "Chuyên viên Phòng Kinh tế")
    draw_signature(page)
    page.locator("#sign-form button[type=submit]").click()
    expect(page.locator("#signed-box")).to_contain_text("Quàng Thị Hoa — Chuyên viên Phòng Kinh tế")
    expect(page.locator("#discrepancy-items li")).to_have_count(1)
    fits(page, "the signed inspection")
    shot(page, "08-inspection-signed")

    # 7. The Sở officer, from the case file: Đề xuất tạm dừng, Gửi UBND tỉnh.
    sign_in(page, live_server, sở)
    page.goto(f"{base}/quan-ly/co-so/{facility.pk}/")
    page.locator("#action-propose").click()
    expect(page.locator("#lap-de-xuat")).to_be_in_viewport()
    fits(page, "Hồ sơ tạm dừng hoạt động")
    shot(page, "09-proposal-list")
    page.get_by_label("Số văn bản (ví dụ 12/ĐX-SCT)").fill("12/ĐX-SCT")
    page.get_by_label("Ngày (dd/mm/yyyy)").fill(f"{today:%d/%m/%Y}")
    page.get_by_role("button", name="Lập đề xuất").click()
    expect(page.locator("#proposal-doc")).to_contain_text(NAME)
    expect(page.locator("#proposal-doc")).to_contain_text("Không an toàn")
    expect(page.locator("#proposal-doc")).to_contain_text("Cơ sở báo đã khắc phục (1 ảnh)")
    expect(page.locator("#proposal-doc")).not_to_contain_text(facility.user.username)
    fits(page, "the proposal")
    shot(page, "10-proposal")
    page.get_by_role("button", name="Gửi UBND tỉnh").click()  # unconfirmed: the browser stops it
    expect(page.locator("#proposal-state")).to_contain_text("Dự thảo")
    page.get_by_label("Tôi đã kiểm tra danh sách cơ sở").check()
    page.get_by_role("button", name="Gửi UBND tỉnh").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi đề xuất tới UBND tỉnh")

    # 8. Quyết định tạm dừng, with its PDF, from the case file's next step.
    page.goto(f"{base}/quan-ly/co-so/{facility.pk}/")
    page.locator("#action-decision").click()
    expect(page.locator("h1")).to_have_text("Quyết định tạm dừng")
    page.get_by_label("Số quyết định").fill("45/QĐ-UBND")
    page.get_by_label("Ngày (dd/mm/yyyy)").fill(f"{today:%d/%m/%Y}")
    page.get_by_label("Người ký").fill("Lê Thành Đô")
    pdf = tmp_path / "quyet-dinh-45.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Bản quét quyết định (PDF hoặc ảnh)").set_input_files(str(pdf))
    expect(page.get_by_label(f"{NAME} — {facility.unit.name}")).to_be_checked()
    fits(page, "Quyết định tạm dừng")
    shot(page, "11-decision-new")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_role("alert")).to_contain_text("1 cơ sở tạm dừng hoạt động")
    fits(page, "the decision")
    shot(page, "12-decision")

    # 9. The public map says so.
    page.context.clear_cookies()
    result, popup = find_on_public_map(page, live_server)
    expect(result).to_contain_text("Tạm dừng hoạt động")
    expect(popup).to_contain_text("Tạm dừng hoạt động theo Quyết định số 45/QĐ-UBND")
    shot(page, "13-map-suspended")

    # 10. The facility signs a new, passing self-assessment.
    sign_in(page, live_server, facility.user)
    page.goto(f"{base}/co-so/")
    expect(page.locator("#facility-colour")).to_have_text("Tím — Tạm dừng hoạt động")
    expect(page.locator("#facility-decisions")).to_contain_text("45/QĐ-UBND")
    fits(page, "the suspended facility's home page")
    shot(page, "14-facility-home-suspended")
    page.locator("main").get_by_role("link", name="Kiểm tra", exact=True).click()
    page.get_by_role("link", name="TEMPLATES").click()
    page.get_by_role("link", name="Chống dịch Covid19").click()
    page.get_by_role("button", name="Phòng, chống dịch COVID-19 tại nơi làm việc").click()
    expect(page.locator("h1")).to_have_text("Phòng, chống dịch COVID-19 tại nơi làm việc")
    items = page.locator(".fill-item")
    expect(items).to_have_count(20)
    for n in range(items.count()):  # every item met this time
        box = items.nth(n).locator("input[name=met]")
        if not box.is_checked():
            box.check()
            expect(items.nth(n).locator(".save-state")).to_have_text("đã lưu")
    for code in PHOTO_ITEMS:
        box = item(page, code)
        if box.locator(".photo-thumb img").count() == 0:
            box.locator("input.photo-input").set_input_files(str(photo))
            expect(box.locator(".photo-thumb img")).to_have_count(1)
    page.get_by_role("button", name="Hoàn thành").click()
    expect(page.locator("#result-level")).to_have_attribute("data-level", "green")
    page.get_by_role("link", name="Ký xác nhận").click()
    page.fill("input[name=signer_name]", "Lò Văn Minh")
    page.fill("input[name=signer_position]", "Giám đốc")
    draw_signature(page)
    page.locator("#sign-form button[type=submit]").click()
    expect(page.locator("#signed-box")).to_contain_text("Đã ký xác nhận")
    shot(page, "15-facility-signed")

    # 11. Cho hoạt động trở lại.
    sign_in(page, live_server, sở)
    page.goto(f"{base}/quan-ly/co-so/{facility.pk}/")
    expect(page.locator("#facility-suspension")).to_contain_text("45/QĐ-UBND")
    page.locator("#action-reopen").click()
    expect(page.locator("h1")).to_have_text("Cho hoạt động trở lại")
    page.get_by_label("Số quyết định cho hoạt động trở lại").fill("80/QĐ-UBND")
    page.get_by_label("Ngày (dd/mm/yyyy)").fill(f"{today:%d/%m/%Y}")
    page.get_by_label("Người ký").fill("Lê Thành Đô")
    fits(page, "Cho hoạt động trở lại")
    shot(page, "16-reopen")
    page.get_by_role("button", name="Cho hoạt động trở lại").click()
    expect(page.get_by_role("alert")).to_contain_text("Cơ sở đã được cho hoạt động trở lại")
    expect(page.locator("#facility-suspension")).to_have_count(0)

    # 12. The case file lists every step, newest first.
    kinds = page.locator("#timeline .timeline-entry").evaluate_all("els => els.map(e => e.dataset.kind)")
    steps = list(reversed(kinds))
    fits(page, "the case file at the end")
    shot(page, "17-casefile-end")
    assert steps == [
        "assessment",  # the unsafe self-assessment
        "flag_opened",  # Không an toàn, from the scan
        "contact_recorded",
        "request_created",
        "request_answered",
        "request_accepted",
        "inspection_started",
        "inspection_signed",
        "flag_opened",  # Tự đánh giá không đúng thực tế, from the discrepancy
        "proposal_created",
        "proposal_sent",
        "suspended",
        "assessment",  # the new passing self-assessment
        "flag_closed",  # both flags, by that signature
        "flag_closed",
        "reopened",
    ], str(steps)
    expect(page.locator("#timeline")).not_to_contain_text(facility.user.username)

    # 13. Nhật ký: the officers' actions in the order they were done.
    open_menu(page, "Danh sách", "Nhật ký")
    expect(page.locator("h1")).to_contain_text("Nhật ký")
    rows = page.locator("#journal-table tbody tr")
    actions = rows.evaluate_all("els => els.map(e => e.dataset.action)")
    assert list(reversed(actions)) == [
        "contact_recorded",
        "request_created",
        "request_answered",
        "request_accepted",
        "inspection_started",
        "inspection_signed",
        "proposal_created",
        "proposal_sent",
        "suspended",
        "reopened",
    ], str(actions)
    fits(page, "Nhật ký")
    shot(page, "18-journal")

    # 14. The map shows its colour again: green, and no suspension line.
    page.context.clear_cookies()
    result, popup = find_on_public_map(page, live_server)
    expect(result).not_to_contain_text("Tạm dừng hoạt động")
    expect(popup).not_to_contain_text("Tạm dừng hoạt động")
    data = page.request.get(f"{base}/ban-do/co-so/{facility.pk}/").json()
    assert data["colour"] == "green" and "suspension" not in data, data
    shot(page, "19-map-back")
