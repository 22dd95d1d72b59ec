"""SafeMap installs as an app, checked the way Chromium decides it (its own installability
check, as Lighthouse reads it): a manifest with the Vietnamese name, icons at the sizes Android
and iOS ask for, standalone display and the facility's home as start URL, and a service worker
controlling that page. Officers' pages are never kept for offline use."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory, issued_facility
from tests.factories.assessments import seed_templates

pytestmark = pytest.mark.django_db(transaction=True)


def login(page, base, username):
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()


@pytest.fixture
def installable_page(browser_type, browser_type_launch_args, tmp_path):
    """A browser profile on disk: Chromium never offers to install from an incognito window,
    which Playwright's ordinary contexts are."""
    context = browser_type.launch_persistent_context(
        str(tmp_path / "profile"), **browser_type_launch_args, viewport={"width": 360, "height": 740}
    )
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


def test_the_facility_app_meets_chromiums_install_criteria(live_server, installable_page):
    seed_templates()
    facility = issued_facility(name="Nhà nghỉ Him Lam")
    base = live_server.url
    page = installable_page
    login(page, base, facility.user.username)
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    page.reload()
    assert page.evaluate(
        "navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL"
    ).endswith("/sw.js")

    expect(page.get_by_role("button", name="Cài đặt ứng dụng")).to_be_visible()  # beforeinstallprompt
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors
    manifest = page.request.get(f"{base}/manifest.webmanifest").json()
    assert manifest["name"] == "SafeMap — Bản đồ chung sống an toàn" and manifest["short_name"] == "SafeMap"
    assert manifest["start_url"] == "/co-so/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] and manifest["lang"] == "vi"
    sizes = set()
    for icon in manifest["icons"]:
        body = page.request.get(base + icon["src"]).body()
        with Image.open(io.BytesIO(body)) as img:
            assert f"{img.width}x{img.height}" == icon["sizes"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512", "180x180"} <= sizes  # Android, splash screen, iOS home screen
    assert any(i["purpose"] == "maskable" for i in manifest["icons"])
    assert page.locator("link[rel=apple-touch-icon]").count() == 1

    # The start URL opens with no connection, from the service worker.
    page.context.set_offline(True)
    page.goto(f"{base}/co-so/")
    expect(page.locator("h1")).to_have_text("Nhà nghỉ Him Lam")
    expect(page.locator("#offline-banner")).to_be_visible()


def test_no_officer_page_is_kept_and_an_officer_gets_no_app(live_server, phone_page):
    seed_templates()
    facility = issued_facility(name="Nhà nghỉ Him Lam")
    officer = UserFactory(role="province")
    base = live_server.url
    page = phone_page
    login(page, base, facility.user.username)
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    page.evaluate("fetch('/co-so/', {method: 'GET'})")
    kept = page.evaluate(
        "caches.open('safemap-pages').then((c) => c.keys()).then((k) => k.map((r) => new URL(r.url).pathname))"
    )
    assert "/co-so/" in kept and "/kiem-tra/templates/chong-dich-covid19/" in kept

    # Someone else on the same phone: the facility's session ended without Đăng xuất.
    page.context.clear_cookies()
    login(page, base, officer.username)
    expect(page).not_to_have_url(f"{base}/dang-nhap/")
    page.goto(f"{base}/quan-ly/")
    expect(page.locator("html")).to_have_attribute("data-forgotten", "1")
    left = page.evaluate(
        "async () => ({caches: await caches.keys(), workers: (await navigator.serviceWorker.getRegistrations()).length,"
        " dbs: (await indexedDB.databases()).map((d) => d.name)})"
    )
    assert left == {"caches": [], "workers": 0, "dbs": []}
    assert page.locator("link[rel=manifest]").count() == 0
