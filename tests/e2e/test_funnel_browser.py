"""The dashboard's Khởi động section and the list of one stage, on a 360 px phone and a
1366 px laptop: the counts lead to the list they count."""

import pytest
from django.test import Client

from accounts.choices import FunnelStage, Role
from tests.factories import UserFactory
from tests.factories.funnel import facility_at_stage

pytestmark = pytest.mark.django_db(transaction=True)

LONG = "Công ty TNHH Chế biến Nông sản và Thực phẩm Xuất khẩu Mường Phăng"


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def province_officer(province, commune_a, commune_b):
    for i, stage in enumerate(FunnelStage.values):
        for n in range(1 + i % 3):
            facility_at_stage(stage, days_at_stage=3 + 7 * n + i, unit=commune_a, name=f"{LONG} {i}{n}")
        facility_at_stage(stage, days_at_stage=2, unit=commune_b, name=f"Chợ Mường Phăng {i}")
    return UserFactory(role=Role.PROVINCE, unit=province, username="so.db")


@pytest.mark.parametrize("width", [360, 1366])
def test_funnel_counts_lead_to_the_list_of_that_stage(browser, live_server, province_officer, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server, province_officer)
    page.goto(f"{live_server.url}/quan-ly/")
    section = page.locator("#funnel")
    section.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    total = page.locator("#funnel-table [data-funnel-total] [data-stage-count='no_login'] a")
    assert total.inner_text() == "4"  # 3 in commune A, 1 in commune B
    section.screenshot(path=f"/tmp/ui/funnel-dashboard-{width}.png")
    stuck = page.locator("[data-stuck-stage='no_login'] li")
    assert stuck.count() == 4
    total.click()
    page.wait_for_url("**/quan-ly/co-so/?stage=no_login")
    rows = page.locator("#facility-table tbody tr")
    assert rows.count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the list scrolls sideways"
    assert page.locator("[data-stage='no_login']").count() == 4
    page.screenshot(path=f"/tmp/ui/funnel-list-{width}.png", full_page=True)
    context.close()
