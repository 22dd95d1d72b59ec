"""Officer pages as they are read on a 360 px phone and a 1366 px laptop: lists whose rows are
legible and callable, charts whose labels can be read, a menu on one line."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from accounts.choices import Level, Role
from tests.factories import UserFactory
from tests.factories.account_requests import request_for
from tests.factories.reports import overdue_facility, signed_facility

pytestmark = pytest.mark.django_db(transaction=True)

LONG = "Công ty TNHH Chế biến Nông sản và Thực phẩm Xuất khẩu Mường Phăng"


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def overdue_list(commune_a):
    overdue_facility(days_late=3, unit=commune_a, name="An Phú " + LONG, contact_phone="0215 3826 111")
    overdue_facility(days_late=40, unit=commune_a, name="Bình Minh " + LONG, contact_phone="0215 3826 222")
    overdue_facility(days_late=12, unit=commune_a, name="Cẩm Thạch " + LONG, contact_phone="0215 3826 333")
    return UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.a")


def test_facility_list_on_a_phone_shows_whole_names_and_phones_on_screen(
    phone_page, live_server, overdue_list
):
    page = phone_page
    sign_in(page, live_server, overdue_list)
    page.goto(f"{live_server.url}/quan-ly/co-so/?state=overdue")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
    names = page.locator("#facility-table a.facility-name")
    assert names.count() == 3
    for i in range(3):
        box = names.nth(i).bounding_box()
        assert box["width"] >= 250, f"name squeezed into {box['width']:.0f} px, one word per line"
    phones = page.locator("#facility-table a[href^='tel:']")
    assert phones.count() == 3
    for i in range(3):
        box = phones.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, f"phone off-screen at x={box['x']:.0f}"
        assert box["height"] >= 24, "the phone link is too small a tap target"
    page.screenshot(path="/tmp/ui/list-360.png", full_page=True)


def test_overdue_list_puts_the_longest_overdue_first_and_shows_the_days(
    phone_page, live_server, overdue_list
):
    page = phone_page
    sign_in(page, live_server, overdue_list)
    page.goto(f"{live_server.url}/quan-ly/co-so/?state=overdue")
    names = page.locator("#facility-table a.facility-name").all_text_contents()
    assert [n.split()[0] for n in names] == ["Bình", "Cẩm", "An"]
    days = [int(d) for d in page.locator("[data-days-overdue]").all_text_contents()]
    assert days == sorted(days, reverse=True) and days[0] > days[1] > days[2] > 0
    assert page.locator("#facility-table th", has_text="Số ngày quá hạn").count() == 1
    # On the card the figure is labelled, since the header row is hidden on a phone.
    label = page.locator("[data-days-overdue]").first.evaluate(
        "el => getComputedStyle(el, '::before').content"
    )
    assert "Số ngày quá hạn" in label


def test_account_request_list_on_a_phone_does_not_squeeze_names(phone_page, live_server, commune_a):
    officer = UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.a")
    request_for(commune_a, officer, name=LONG, tax_code="5600000011")
    page = phone_page
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/de-nghi-cap-tai-khoan/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
    name = page.locator("#request-table td", has_text="Mường Phăng").first.bounding_box()
    assert name["width"] >= 250 and name["x"] + name["width"] <= 360
    cells = page.locator("#request-table tbody td[data-label]")
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box["x"] + box["width"] <= 360, "a column is off-screen"


@pytest.mark.parametrize("width", [360, 1366])
def test_dashboard_chart_labels_are_at_least_11_px(
    browser, live_server, province, commune_a, commune_b, width
):
    for unit in (commune_a, commune_b):
        signed_facility(Level.GREEN, unit=unit)
        overdue_facility(unit=unit)
    officer = UserFactory(role=Role.PROVINCE, unit=province, username="so.dienbien")
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/quan-ly/")
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('main svg text')).map(t =>"
        " parseFloat(getComputedStyle(t).fontSize) * t.closest('svg').getScreenCTM().a)"
    )
    page.screenshot(path=f"/tmp/ui/dashboard-{width}.png", full_page=True)
    context.close()
    assert len(sizes) >= 4
    assert min(sizes) >= 11, f"smallest chart label {min(sizes):.1f} px"


def test_widest_menu_stays_on_one_line_at_1366_px_and_marks_the_current_page(browser, live_server, province):
    admin = UserFactory(
        role=Role.ADMIN,
        unit=province,
        is_staff=True,
        is_superuser=True,
        username="quantri",
        first_name="Nguyễn Thị Minh",
        last_name="Khai",
    )
    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server, admin)
    page.goto(f"{live_server.url}/quan-ly/")
    tops = page.evaluate(
        "Array.from(document.querySelectorAll('nav.navbar .navbar-brand, nav.navbar .navbar-nav > .nav-item'))"
        ".map(el => Math.round(el.getBoundingClientRect().top))"
    )
    height = page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height")
    current = page.locator("nav.navbar [aria-current='page']").all_text_contents()
    page.screenshot(path="/tmp/ui/navbar-1366.png")
    context.close()
    assert max(tops) - min(tops) < 20 and height < 70, (
        f"the menu wraps: item tops {sorted(set(tops))}, {height} px"
    )
    assert [c.strip() for c in current] == ["Tổng quan"]


def test_a_long_account_name_keeps_its_menu_arrow_and_shows_whole_on_a_phone(browser, live_server, province):
    """The account menu is cut short on a laptop so the menu stays on one line; the ▾ that says
    "this opens" must not be cut with it, and on a phone, where the menu has the whole width,
    nothing needs cutting."""
    officer = UserFactory(
        role=Role.PROVINCE,
        unit=province,
        username="so.dienbien",
        first_name="Sở Công Thương",
        last_name="tỉnh Điện Biên",
    )
    clipped = (
        "(() => { const t = document.querySelector('nav.navbar .sm-user');"
        " return [...t.querySelectorAll('*')].concat([t]).some(e => e.scrollWidth > e.clientWidth + 1); })()"
    )
    caret_inside = (
        "(() => { const t = document.querySelector('nav.navbar .sm-user'); const r = t.getBoundingClientRect();"
        " const name = t.querySelector('.sm-user-name') || t; const n = name.getBoundingClientRect();"
        " return getComputedStyle(t, '::after').display !== 'none' && r.right - n.right >= 8; })()"
    )
    for width, cut in ((1366, True), (360, False)):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
        page = context.new_page()
        sign_in(page, live_server, officer)
        page.goto(f"{live_server.url}/quan-ly/")
        if width == 360:
            page.locator(".navbar-toggler").click()
            page.wait_for_selector(".navbar-collapse.show")  # opened, not still sliding open
        toggle = page.locator("nav.navbar .sm-user")
        toggle.wait_for(state="visible")
        assert page.evaluate(caret_inside), f"the menu arrow is cut off at {width} px"
        # Where it is cut, pointing at it shows it whole.
        assert toggle.locator(".sm-user-name").get_attribute("title") == "Sở Công Thương tỉnh Điện Biên"
        if not cut:
            assert not page.evaluate(clipped), "the name is cut short on a phone"
        toggle.click()
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()  # after the menu opens
        page.screenshot(path=f"/tmp/walk/navbar-user-{width}.png")
        context.close()
