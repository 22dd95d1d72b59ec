"""A suspended facility on the public map (its own colour, legend entry and popup line), and
the proposal page, at a phone's width and a desktop's, in headless Chromium."""

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Level
from reports.flags import flags_scan
from reports.proposals import proposal_create
from tests.factories.reports import overdue_facility, signed_facility
from tests.factories.suspensions import province_officer, suspend

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def suspended(settings, tmp_path, province, commune_a):
    settings.MEDIA_ROOT = tmp_path / "media"
    sở = province_officer(province, username="so.dienbien")
    facility = signed_facility(
        Level.RED,
        unit=commune_a,
        name="Cơ sở Tạm Dừng",
        address="Tổ 5, phường Him Lam",
        latitude=21.38,
        longitude=103.02,
    )
    signed_facility(Level.GREEN, unit=commune_a, name="Cơ sở Xanh", latitude=21.40, longitude=103.05)
    suspend(facility, by=sở, number="45/QĐ-UBND")
    return sở, facility


@pytest.mark.parametrize("width", [360, 1366])
def test_the_public_map_shows_the_suspended_facility_in_its_own_colour(
    browser, live_server, suspended, width
):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/ban-do/")
    page.wait_for_selector("body[data-map-ready='1']", timeout=15000)
    legend = page.locator(".sm-legend")
    expect(legend).to_contain_text("Tím — Tạm dừng hoạt động")
    expect(page.locator('[data-count="suspended"]')).to_have_text("1")
    page.fill("input[name=q]", "tam dung")
    page.press("input[name=q]", "Enter")
    result = page.locator("#map-results-list li button")
    expect(result).to_have_count(1)
    expect(result).to_contain_text("Tạm dừng hoạt động")
    result.click()
    popup = page.locator(".sm-popup")
    expect(popup).to_contain_text("Tạm dừng hoạt động theo Quyết định số 45/QĐ-UBND")
    page.screenshot(path=f"/tmp/e2e-suspended-map-{width}.png")
    context.close()


@pytest.mark.parametrize("width", [360, 1366])
def test_the_proposal_page_reads_as_a_document_with_its_evidence(
    browser, live_server, settings, province, commune_a, width
):
    settings.ESCALATION_DAYS = 10
    sở = province_officer(province, username="so.dienbien", first_name="Nguyễn Văn", last_name="Sở")
    overdue_facility(days_late=20, unit=commune_a, name="Công ty TNHH Quá Hạn", tax_code="5600123456")
    signed_facility(Level.RED, unit=commune_a, name="Chợ Trung tâm Không An Toàn")
    flags_scan()
    proposal = proposal_create(by=sở, number="12/ĐX-SCT", date=timezone.localdate())
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    client = Client()
    client.force_login(sở)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}{proposal.get_absolute_url()}")
    doc = page.locator("#proposal-doc")
    expect(doc).to_contain_text("Công ty TNHH Quá Hạn")
    expect(doc).to_contain_text("Quá hạn đánh giá")
    expect(page.get_by_role("button", name="Gửi UBND tỉnh")).to_be_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width + 1, f"the page scrolls sideways ({scroll_width}px)"
    page.screenshot(path=f"/tmp/e2e-proposal-{width}.png", full_page=True)
    context.close()


def test_the_facility_reads_its_decision_on_its_home_page_on_a_phone(phone_page, live_server, suspended):
    _sở, facility = suspended
    from tests.factories import UserFactory

    user = UserFactory(role="facility", username="coso.tamdung")
    facility.user = user
    facility.save(update_fields=["user"])
    client = Client()
    client.force_login(user)
    phone_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    phone_page.goto(f"{live_server.url}/co-so/")
    box = phone_page.locator("#facility-decisions")
    expect(box).to_contain_text("45/QĐ-UBND")
    expect(box.get_by_role("link", name="Tải quyết định")).to_be_visible()
    expect(phone_page.locator("#facility-colour")).to_have_text("Tím — Tạm dừng hoạt động")
    phone_page.screenshot(path="/tmp/e2e-facility-home-suspended-360.png", full_page=True)


def test_the_case_file_of_a_suspended_facility_offers_the_reopening_on_a_phone(
    phone_page, live_server, suspended
):
    sở, facility = suspended
    client = Client()
    client.force_login(sở)
    phone_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    phone_page.goto(f"{live_server.url}/quan-ly/co-so/{facility.pk}/")
    expect(phone_page.locator("#facility-suspension")).to_contain_text("45/QĐ-UBND")
    phone_page.locator("#action-reopen").click()
    phone_page.fill("input[name=number]", "80/QĐ-UBND")
    phone_page.fill("input[name=date]", timezone.localdate().strftime("%d/%m/%Y"))
    phone_page.fill("input[name=signer]", "Lê Thành Đô")
    phone_page.get_by_role("button", name="Cho hoạt động trở lại").click()
    expect(phone_page.get_by_role("alert")).to_contain_text("Chưa thể cho hoạt động trở lại")
    expect(phone_page.locator("input[name=number]")).to_have_value("80/QĐ-UBND")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 361
    phone_page.screenshot(path="/tmp/e2e-reopen-refused-360.png", full_page=True)
