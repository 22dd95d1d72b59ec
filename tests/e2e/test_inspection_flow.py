"""Kiểm tra thực tế on a phone (360 × 740): the officer opens the facility's page, starts an
inspection pre-filled with the facility's claims, finds one item not met, adds a photo and a
note, Hoàn thành, signs on the canvas; the discrepancy is listed, the facility's level is the
officer's, the public popup says it was inspected and the facility sees the result at home."""

from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from assessments.models import Assessment
from tests.factories import UserFactory, issued_facility
from tests.factories.assessments import inspection, jpeg_bytes, make_template, signed_assessment

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/ui")


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def item(page, code):
    return page.locator(".fill-item", has=page.locator(f"strong:text-is('{code}')"))


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def claimed(commune_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    facility = issued_facility(unit=commune_a, name="Công ty TNHH May Him Lam")
    signed_assessment(facility, make_template())
    return facility


def test_an_officer_inspects_and_signs_on_a_phone(live_server, phone_page, claimed, commune_a, tmp_path):
    officer = UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.a", first_name="Kiểm")
    page = phone_page
    page.set_default_timeout(15_000)
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/quan-ly/co-so/{claimed.pk}/")
    page.get_by_role("button", name="Kiểm tra thực tế").click()

    expect(page.locator("h1")).to_contain_text("Kiểm tra thực tế")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
    for code in ("1.1", "1.2", "1.3"):  # pre-filled with what the facility claimed
        expect(item(page, code).locator("input[name=met]")).to_be_checked()
        expect(item(page, code).locator(".claimed")).to_contain_text("Đáp ứng")
    wrong = item(page, "1.2")
    wrong.locator("input[name=met]").uncheck()
    expect(wrong.locator(".save-state")).to_have_text("đã lưu")
    wrong.get_by_role("button", name="Ghi chú").click()
    wrong.locator("textarea").fill("Công nhân xưởng 2 không đeo khẩu trang.")
    expect(wrong.locator(".save-state")).to_have_text("đã lưu")
    photo = tmp_path / "xuong-2.jpg"
    photo.write_bytes(jpeg_bytes((800, 600)))
    item(page, "1.1").locator("input.photo-input").set_input_files(str(photo))
    expect(item(page, "1.1").locator(".photo-thumb img")).to_have_count(1)
    shot(page, "inspect-fill-360")
    page.get_by_role("button", name="Hoàn thành").click()

    expect(page.locator("h1")).to_have_text("Kết quả kiểm tra")
    expect(page.locator("#discrepancy-items")).to_contain_text("Đeo khẩu trang")
    page.get_by_role("link", name="Ký xác nhận").click()
    page.fill("input[name=signer_name]", "Nguyễn Văn Kiểm")
    page.fill("input[name=signer_position]", "Chuyên viên Phòng Kinh tế")
    canvas = page.locator("#signature-pad")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 100)
    page.mouse.down()
    for x, y in [(70, 40), (110, 110), (160, 40), (210, 100)]:
        page.mouse.move(box["x"] + x, box["y"] + y, steps=6)
    page.mouse.up()
    page.locator("#sign-form button[type=submit]").click()

    expect(page.locator("#signed-box")).to_contain_text("Nguyễn Văn Kiểm — Chuyên viên Phòng Kinh tế")
    expect(page.locator("#discrepancy-items li")).to_have_count(1)
    expect(page.locator("#discrepancy-items")).to_contain_text("Công nhân xưởng 2 không đeo khẩu trang.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "inspect-signed-360")

    signed = Assessment.objects.inspections().get()
    claimed.refresh_from_db()
    assert signed.is_signed and signed.digest_matches() and signed.discrepancy_count == 1
    assert (claimed.level, claimed.inspected_at) == ("yellow", signed.signed_at)  # 3 of 4 weight
    day = timezone.localtime(signed.signed_at).strftime("%d/%m/%Y")
    popup = page.request.get(f"{live_server.url}/ban-do/co-so/{claimed.pk}/").json()
    assert popup["inspected"] == f"Đã kiểm tra thực tế ngày {day}"

    page.context.clear_cookies()
    sign_in(page, live_server, claimed.user)
    page.goto(f"{live_server.url}/co-so/")
    expect(page.locator("#facility-inspection")).to_contain_text(day)
    expect(page.locator("#facility-discrepancies")).to_contain_text("Đeo khẩu trang")
    shot(page, "inspect-home-360")


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [360, 1366])
def test_inspection_pages_read_well_and_pass_axe(live_server, browser, claimed, commune_a, province, width):
    officer = UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.a")
    signed = inspection(claimed, officer, found={"1.2": False})
    colleague = UserFactory(role=Role.PROVINCE, unit=province, username="so.dienbien")
    draft = inspection(claimed, colleague, sign=False)
    day = timezone.localtime(signed.signed_at).strftime("%d/%m/%Y")
    pages = [
        (officer, f"/quan-ly/co-so/{claimed.pk}/", "#inspected-at", "facility"),
        (officer, f"/danh-gia/{signed.pk}/", "#discrepancy-items", "signed"),
        (colleague, f"/danh-gia/{draft.pk}/dien/", "#inspection-intro", "fill"),
        (claimed.user, "/co-so/", "#facility-inspection", "home"),
    ]
    for user, url, marker, name in pages:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="vi-VN", bypass_csp=True
        )
        page = context.new_page()
        sign_in(page, live_server, user)
        page.goto(live_server.url + url)
        expect(page.locator(marker)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
        assert serious_violations(page) == [], name
        if width == 1366:
            shot(page, f"inspect-{name}-1366")
        if name == "facility":
            open_popup(page, f"{live_server.url}/quan-ly/ban-do/")
            expect(page.locator(".sm-popup .sm-inspected")).to_have_text(f"Đã kiểm tra thực tế ngày {day}")
            shot(page, f"inspect-officer-popup-{width}")
        context.close()
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    open_popup(page, f"{live_server.url}/ban-do/")
    expect(page.locator(".sm-popup .sm-inspected")).to_have_text(f"Đã kiểm tra thực tế ngày {day}")
    shot(page, f"inspect-public-popup-{width}")
    context.close()


def open_popup(page, url):
    page.goto(url)
    page.wait_for_selector("body[data-map-ready='1']", timeout=15000)
    page.fill("input[name=q]", "him lam")
    page.press("input[name=q]", "Enter")
    page.locator("#map-results-list li button").first.click()
