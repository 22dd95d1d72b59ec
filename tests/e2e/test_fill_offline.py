"""The fill page on a phone that loses its connection: nothing entered is lost, photos
included, even when the page is closed before the connection comes back."""

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Photo
from tests.factories import PASSWORD, issued_facility
from tests.factories.assessments import draft, jpeg_bytes, seed_templates

pytestmark = pytest.mark.django_db(transaction=True)


def item(page, code):
    return page.locator(".fill-item", has=page.locator(f"strong:text-is('{code}')"))


def test_a_photo_taken_offline_survives_closing_the_page_and_is_sent_on_the_next_visit(
    live_server, phone_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "cong-do-nhiet.jpg"
    photo.write_bytes(jpeg_bytes((1200, 900), (40, 140, 60)))
    templates = seed_templates()
    facility = issued_facility(name="Chợ Trung tâm Điện Biên")
    assessment = draft(facility, templates["noi-lam-viec"])
    page = phone_page
    page.set_default_timeout(15_000)
    fill_url = f"{live_server.url}/danh-gia/{assessment.pk}/dien/"

    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", facility.user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto(fill_url)

    page.context.set_offline(True)
    item(page, "1.2").locator("input.photo-input").set_input_files(str(photo))
    expect(item(page, "1.2").locator(".photo-thumb.uploading")).to_have_text("chưa gửi được ảnh, sẽ thử lại")
    page.close()  # the phone's browser is closed while still offline
    assert not Photo.objects.exists()

    page.context.set_offline(False)
    again = page.context.new_page()
    again.goto(fill_url)
    expect(item(again, "1.2").locator(".photo-thumb img")).to_have_count(1)
    expect(again.locator(".photo-thumb.uploading")).to_have_count(0)
    assert Photo.objects.filter(assessment=assessment).count() == 1

    again.reload()  # sent once, and no longer waiting on the phone
    expect(item(again, "1.2").locator(".photo-thumb img")).to_have_count(1)
    again.wait_for_timeout(500)
    assert Photo.objects.filter(assessment=Assessment.objects.get(pk=assessment.pk)).count() == 1
