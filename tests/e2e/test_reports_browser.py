"""The map, lists and exports as officers and the public see them, in headless Chromium."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.choices import Level, Role
from reports.exports import FACILITY_COLUMNS
from tests.factories import PASSWORD, FacilityFactory, UserFactory
from tests.factories.reports import overdue_facility, signed_facility

pytestmark = pytest.mark.django_db(transaction=True)
XSS = "<img src=x onerror=alert(1)>"


def login(page, live_server, username):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def wait_for_map(page):
    page.wait_for_selector("body[data-map-ready='1']", timeout=15000)


def click_facility(page, lat, lng):
    """Centre the map on a facility at a street zoom and click its dot on the canvas."""
    page.evaluate(f"window.safemap.map.setView([{lat}, {lng}], 16, {{animate: false}})")
    page.wait_for_timeout(300)
    point = page.evaluate(
        f"(() => {{ const p = window.safemap.map.latLngToContainerPoint([{lat}, {lng}]); "
        "return [p.x, p.y]; })()"
    )
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.wait_for_selector(".sm-popup", timeout=5000)


@pytest.fixture
def two_units(commune_a, commune_b):
    a = signed_facility(Level.GREEN, unit=commune_a, name="Cơ sở Phường A", latitude=21.39, longitude=103.02)
    late = overdue_facility(unit=commune_a, name='=HYPERLINK("http://x")', latitude=21.40, longitude=103.03)
    b = signed_facility(Level.RED, unit=commune_b, name="Cơ sở Xã B", latitude=21.30, longitude=103.10)
    officer = UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.a")
    return {"a": a, "late": late, "b": b, "officer": officer}


def test_officer_of_unit_a_sees_only_unit_a_on_the_map_in_lists_and_in_exports(
    desktop_page, live_server, two_units
):
    page = desktop_page
    login(page, live_server, "pkt.a")
    page.goto(f"{live_server.url}/quan-ly/ban-do/")
    wait_for_map(page)
    assert page.text_content("[data-count='total']") == "2"
    ids = page.evaluate(
        "fetch('/quan-ly/ban-do/du-lieu/').then(r => r.json())"
        ".then(d => { let s = 0; return d.id.map(x => s += x); })"
    )
    assert sorted(ids) == sorted([two_units["a"].pk, two_units["late"].pk])
    click_facility(page, 21.39, 103.02)
    assert page.text_content(".sm-popup strong") == "Cơ sở Phường A"
    assert page.locator(".sm-popup a", has_text="Xem chi tiết").get_attribute("href") == (
        f"/quan-ly/co-so/{two_units['a'].pk}/"
    )

    page.goto(f"{live_server.url}/quan-ly/co-so/")
    names = page.locator("#facility-table a.facility-name").all_text_contents()
    assert sorted(names) == sorted(["Cơ sở Phường A", '=HYPERLINK("http://x")'])

    page.goto(f"{live_server.url}/quan-ly/co-so/?state=overdue")
    with page.expect_download() as info:
        page.click("text=Xuất Excel (XLSX)")
    with open(info.value.path(), "rb") as fh:  # the download's temporary name has no .xlsx
        wb = load_workbook(fh)
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0] == tuple(str(c.header) for c in FACILITY_COLUMNS)
    assert [r[1] for r in rows[1:]] == ['=HYPERLINK("http://x")']  # shown as typed
    assert all(cell.data_type != "f" for row in wb.active.iter_rows() for cell in row)
    assert wb.active["B2"].data_type == "s" and wb.active["B2"].quotePrefix


def test_public_map_data_and_popup_hold_no_private_field(desktop_page, live_server, commune_a):
    facility = signed_facility(
        Level.YELLOW,
        unit=commune_a,
        name="Chợ Điện Biên",
        contact_phone="0912345678",
        contact_name="Lò Văn An",
        latitude=21.386,
        longitude=103.02,
    )
    page = desktop_page
    page.goto(f"{live_server.url}/ban-do/")
    wait_for_map(page)
    keys = page.evaluate("fetch('/ban-do/du-lieu/').then(r => r.json()).then(d => Object.keys(d).sort())")
    assert keys == sorted(["v", "scale", "n", "id", "lat", "lng", "c"])
    popup_keys = page.evaluate(
        f"fetch('/ban-do/co-so/{facility.pk}/').then(r => r.json()).then(d => Object.keys(d).sort())"
    )
    # "inspected" is public on purpose: the map says an officer checked the facility on site.
    assert popup_keys == sorted(["name", "address", "colour", "level", "last_assessed", "inspected"])
    click_facility(page, 21.386, 103.02)
    popup = page.text_content(".sm-popup")
    assert "Chợ Điện Biên" in popup and "Có rủi ro" in popup
    assert "0912345678" not in popup and "Lò Văn An" not in popup


def test_public_search_without_diacritics_narrows_the_map(desktop_page, live_server, commune_a):
    FacilityFactory(unit=commune_a, name="Chợ Điện Biên")
    FacilityFactory(unit=commune_a, name="Công ty May")
    page = desktop_page
    page.goto(f"{live_server.url}/ban-do/")
    wait_for_map(page)
    assert page.text_content("[data-count='total']") == "2"
    page.fill("input[name=q]", "cho dien bien")
    page.click("#map-filters button[type=submit]")
    expect(page.locator("[data-count='total']")).to_have_text("1")
    assert "q=cho+dien+bien" in page.url


def test_a_facility_named_like_html_shows_as_text_and_runs_nothing(desktop_page, live_server, commune_a):
    signed_facility(Level.RED, unit=commune_a, name=XSS, address=XSS, latitude=21.386, longitude=103.02)
    UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.a")
    page = desktop_page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_server.url}/ban-do/")
    wait_for_map(page)
    click_facility(page, 21.386, 103.02)
    assert page.text_content(".sm-popup strong") == XSS
    assert page.locator(".sm-popup img").count() == 0

    login(page, live_server, "pkt.a")
    page.goto(f"{live_server.url}/quan-ly/ban-do/")
    wait_for_map(page)
    click_facility(page, 21.386, 103.02)
    assert page.text_content(".sm-popup strong") == XSS
    page.goto(f"{live_server.url}/quan-ly/co-so/")
    assert page.locator("#facility-table a.facility-name").first.text_content() == XSS
    assert page.locator("#facility-table img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_clusters_show_the_mix_of_colours(desktop_page, live_server, commune_a):
    for i in range(6):
        signed_facility(
            Level.GREEN if i % 2 else Level.RED, unit=commune_a, latitude=21.386 + i * 0.001, longitude=103.02
        )
    page = desktop_page
    page.goto(f"{live_server.url}/ban-do/")
    wait_for_map(page)
    cluster = page.locator(".sm-cluster").first
    assert cluster.text_content() == "6"
    background = cluster.evaluate("el => el.style.background")
    assert "conic-gradient" in background
    assert "rgb(25, 135, 84)" in background and "rgb(220, 53, 69)" in background


def test_the_suspension_list_prints_from_its_button(desktop_page, live_server, two_units, province):
    UserFactory(role=Role.PROVINCE, unit=province, username="so.in")
    page = desktop_page
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    login(page, live_server, "so.in")
    page.goto(f"{live_server.url}/quan-ly/de-xuat-tam-dung/")
    page.get_by_role("button", name="In (A4)").click()
    assert page.evaluate("window.printed") == 1
    expect(page.locator("#suspension-doc")).to_contain_text("Cơ sở Xã B")


def test_the_suspension_list_scrolls_inside_itself_on_a_phone(phone_page, live_server, two_units, province):
    UserFactory(role=Role.PROVINCE, unit=province, username="so.dt")
    login(phone_page, live_server, "so.dt")
    phone_page.goto(f"{live_server.url}/quan-ly/de-xuat-tam-dung/")
    expect(phone_page.locator("#suspension-doc")).to_contain_text("Cơ sở Xã B")
    assert (
        phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    )  # the page itself does not slide
