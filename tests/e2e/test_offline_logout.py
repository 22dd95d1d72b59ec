"""Shared phones: logging out of the facility's app leaves no kept page, no queued item and no
service worker behind, so the next person on the phone sees nothing of the facility, even
offline."""

import pytest
from playwright.sync_api import Error, expect

from tests.factories import PASSWORD, issued_facility
from tests.factories.assessments import draft, seed_templates

pytestmark = pytest.mark.django_db(transaction=True)

LEFT = """async () => ({
  caches: await caches.keys(),
  databases: (await indexedDB.databases()).map((d) => d.name),
  workers: (await navigator.serviceWorker.getRegistrations()).length,
})"""


def test_logging_out_leaves_no_cached_facility_page_or_indexeddb_record(live_server, phone_page):
    templates = seed_templates()
    facility = issued_facility(name="Quán Cơm Mường Thanh")
    draft(facility, templates["noi-lam-viec"])
    base = live_server.url
    page = phone_page
    page.set_default_timeout(15_000)
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", facility.user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    page.evaluate(
        "self.SafeMapOutbox.add({kind: 'answer', assessment: '1', item: 1, fields: {met: '1'}, url: '/x/'})"
    )
    before = page.evaluate(LEFT)
    assert "safemap-pages" in before["caches"] and "safemap" in before["databases"] and before["workers"] == 1

    # One item still waits: the phone asks before it is thrown away.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Mở menu").click()
    page.locator(".sm-user").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).not_to_have_url(f"{base}/co-so/")
    left = page.evaluate(LEFT)
    assert left["caches"] == [] and "safemap" not in left["databases"] and left["workers"] == 0

    page.context.set_offline(True)
    with pytest.raises(Error):
        page.goto(f"{base}/co-so/")
    page.wait_for_load_state()
    expect(page.locator("body")).not_to_contain_text("Quán Cơm Mường Thanh")
