"""Hoàn thành with something missing, on a phone: the message leads to the item, and the item
is marked and brought into view. A photo is needed only for what is ticked."""

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from assessments.services import answer_save
from tests.factories import PASSWORD, issued_facility
from tests.factories.assessments import draft, jpeg_bytes, make_template

pytestmark = pytest.mark.django_db(transaction=True)

FILLER = [{"code": f"1.{n}", "text": f"Nội dung kiểm tra số {n}", "weight": 1} for n in range(2, 14)]
SECTIONS = [
    {
        "title": "Phần 1",
        "items": [
            {"code": "1.1", "text": "Có khu vực cách ly tạm thời", "photo_required": True},
            *FILLER,
        ],
    },
    {
        "title": "Phần 2",
        "items": [{"code": "2.1", "text": "Có điểm rửa tay ở cổng", "photo_required": True, "weight": 2}],
    },
]


def item(page, code):
    return page.locator(".fill-item", has=page.locator(f"strong:text-is('{code}')"))


def screenshots(page, folder, name):
    for width in (360, 1366):
        page.set_viewport_size({"width": width, "height": 740})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=width == 1366)
    page.set_viewport_size({"width": 360, "height": 740})


def test_hoan_thanh_leads_to_the_ticked_item_that_lacks_its_photo(
    live_server, phone_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "rua-tay.jpg"
    photo.write_bytes(jpeg_bytes((800, 600)))
    facility = issued_facility(name="Công ty May Điện Biên")
    assessment = draft(facility, make_template("thu", sections=SECTIONS))
    for it in assessment.version.items_in_order():  # everything ticked but 1.1, no photos yet
        answer_save(assessment=assessment, item_id=it.pk, met=it.code != "1.1")
    page = phone_page
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", facility.user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto(f"{live_server.url}/danh-gia/{assessment.pk}/dien/")

    page.get_by_role("button", name="Hoàn thành").click()
    problems = page.locator("#complete-problems")
    expect(problems).to_be_visible()
    # 1.1 needs a photo too, but it is not ticked: only 2.1 stops Hoàn thành.
    expect(problems.get_by_role("link")).to_have_count(1)
    link = problems.get_by_role("link", name="Mục 2.1 “Có điểm rửa tay ở cổng” cần ít nhất một ảnh chụp.")
    expect(link).to_have_attribute("href", f"#{item(page, '2.1').get_attribute('id')}")
    missing = item(page, "2.1")
    expect(missing).not_to_be_in_viewport()
    expect(missing).to_have_class("card fill-item mb-2 is-invalid")
    expect(item(page, "1.1")).not_to_have_class("card fill-item mb-2 is-invalid")
    screenshots(page, tmp_path, "problems")

    link.click()
    expect(missing).to_be_in_viewport()
    expect(missing.locator("input[name=met]")).to_be_focused()
    expect(missing.locator("input[name=met]")).to_have_attribute("aria-invalid", "true")
    expect(missing.locator(".item-error")).to_have_text(
        "Mục 2.1 “Có điểm rửa tay ở cổng” cần ít nhất một ảnh chụp."
    )
    outline = missing.evaluate(
        "el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]"
    )
    assert outline[0] == "solid" and outline[1] >= 2
    screenshots(page, tmp_path, "item")

    missing.locator("input.photo-input").set_input_files(str(photo))
    expect(missing.locator(".photo-thumb img")).to_have_count(1)
    expect(missing).not_to_have_class("card fill-item mb-2 is-invalid")
    # The summary at the top no longer says "Chưa thể hoàn thành" about what was just fixed.
    expect(problems).to_be_hidden()
    page.get_by_role("button", name="Hoàn thành").click()
    expect(page.locator("h1")).to_have_text("Kết quả kiểm tra")
    assert Assessment.objects.get(pk=assessment.pk).status == "completed"
