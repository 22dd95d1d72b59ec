"""The public map as a citizen looking for one shop sees it, in headless Chromium."""

import pytest
from playwright.sync_api import expect

from accounts.choices import Level
from tests.factories import FacilityFactory, UnitFactory
from tests.factories.reports import signed_facility

pytestmark = pytest.mark.django_db(transaction=True)
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def wait_for_map(page):
    page.wait_for_selector("body[data-map-ready='1']", timeout=15000)


@pytest.fixture
def market(commune_a):
    return signed_facility(
        Level.YELLOW,
        unit=commune_a,
        name="Chợ Điện Biên",
        address="Phường Thanh Bình, Điện Biên Phủ",
        latitude=21.38612,
        longitude=103.01734,
    )


@pytest.fixture
def hostile(commune_a):
    return FacilityFactory(
        unit=commune_a, name=f"Chợ Điện Biên {XSS}", address=XSS, latitude=21.31, longitude=103.11
    )


def test_on_a_phone_the_map_is_on_the_first_screen_and_filters_fold_behind_one_button(
    phone_page, live_server, market, province, other_province
):
    UnitFactory(name="Xã Thanh Nưa", parent=province)
    page = phone_page
    page.goto(f"{live_server.url}/ban-do/")
    wait_for_map(page)
    box = page.locator("#map").bounding_box()
    viewport = page.viewport_size["height"]
    assert viewport - box["y"] >= 0.5 * viewport, f"only {viewport - box['y']:.0f}px of the map show"
    expect(page.locator("select[name=sector]")).to_be_hidden()
    toggle = page.get_by_role("button", name="Bộ lọc")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("select[name=sector]")).to_be_visible()
    # Communes are not in the page; choosing the province fetches them.
    communes = page.locator("select[name=commune] option")
    expect(communes).to_have_count(1)
    page.select_option("select[name=unit]", str(province.pk))
    expect(page.locator("select[name=commune]")).to_contain_text("Xã Thanh Nưa")
    page.screenshot(path="/tmp/e2e-public-map-phone-filters.png")


def test_searching_lists_the_facility_and_choosing_it_opens_its_popup(
    phone_page, live_server, market, hostile
):
    page = phone_page
    page.goto(f"{live_server.url}/ban-do/")
    wait_for_map(page)
    page.fill("input[name=q]", "cho dien bien")
    page.press("input[name=q]", "Enter")
    results = page.locator("#map-results-list li button")
    expect(results).to_have_count(2)
    first = results.filter(has_text="Phường Thanh Bình")
    expect(first).to_contain_text("Chợ Điện Biên")
    expect(first).to_contain_text("Vàng — Có rủi ro")  # the colour in words, not the dot alone
    # A name is shown as text, never run as markup, in the list and in the popup.
    expect(results.filter(has_text="onerror")).to_contain_text(XSS)
    assert page.locator("#map-results img, #map-results script").count() == 0
    first.click()
    popup = page.locator(".sm-popup")
    expect(popup).to_contain_text("Chợ Điện Biên")
    expect(popup).to_contain_text("Phường Thanh Bình")
    assert page.evaluate("window.safemap.map.getZoom()") == page.evaluate("window.safemap.map.getMaxZoom()")
    centre = page.evaluate("(() => { const c = window.safemap.map.getCenter(); return [c.lat, c.lng]; })()")
    assert abs(centre[0] - 21.38612) < 0.01 and abs(centre[1] - 103.01734) < 0.01
    results.filter(has_text="onerror").click()
    # The first popup fades out while the second opens.
    expect(popup.filter(has_text="onerror")).to_contain_text(XSS)
    assert page.locator(".sm-popup img, .sm-popup script").count() == 0
    assert page.evaluate("window.__xss") is None
    page.screenshot(path="/tmp/e2e-public-map-phone-search.png")


def test_on_a_wide_screen_the_results_sit_beside_the_map(browser, live_server, market):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/ban-do/?q=cho+dien+bien")
    wait_for_map(page)
    result = page.locator("#map-results-list button").first
    expect(result).to_contain_text("Chợ Điện Biên")
    map_box, list_box = page.locator("#map").bounding_box(), page.locator("#map-results").bounding_box()
    assert list_box["x"] >= map_box["x"] + map_box["width"]
    assert list_box["y"] < map_box["y"] + map_box["height"]
    context.close()


def test_the_map_controls_speak_vietnamese(phone_page, live_server, market):
    """Leaflet's own buttons say "Zoom in" and "Close popup"; a screen reader on a Vietnamese
    page must not read English."""
    page = phone_page
    page.goto(f"{live_server.url}/ban-do/?q=cho+dien+bien")
    wait_for_map(page)
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Phóng to")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("aria-label", "Thu nhỏ")
    page.locator("#map-results-list li button").first.click()
    expect(page.locator(".leaflet-popup-close-button")).to_have_attribute("aria-label", "Đóng")
    english = page.evaluate(
        "[...document.querySelectorAll('#map [title], #map [aria-label]')]"
        ".map(e => (e.title || '') + ' ' + (e.getAttribute('aria-label') || ''))"
    )
    assert not [t for t in english if "Zoom" in t or "popup" in t or "JavaScript" in t], english


# The text a select shows must fit beside its arrow (Bootstrap pads 2.25rem for it).
SELECT_TEXT_CUT = """() => [...document.querySelectorAll('#map-filters select')].filter(s => {
    const style = getComputedStyle(s);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return ctx.measureText(s.options[s.selectedIndex].text).width > room + 1;
}).map(s => s.name)"""


def test_at_1366_px_every_filter_shows_its_whole_choice(browser, live_server, market):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/ban-do/")
    wait_for_map(page)
    assert page.evaluate(SELECT_TEXT_CUT) == []
    context.close()
