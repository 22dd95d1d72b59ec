"""The whole fortnightly path on a phone (360 × 740), as the Sở's letter describes it:
first login, forced password change, Kiểm tra → TEMPLATES → Chống dịch Covid19 → workplace
checklist, ticks, three real photos (JPEG, PNG, EXIF-rotated JPEG), a note, a reload half-way,
Hoàn thành, the result, Ký xác nhận drawn on the canvas, and the new colour and due date.

The screenshots it takes are the ones /huong-dan/ shows; UPDATE_GUIDE=1 writes them into
static/guide/."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Facility
from assessments.models import Assessment, Photo
from tests.factories import PASSWORD, FacilityFactory, UserFactory
from tests.factories.assessments import jpeg_bytes, png_bytes, rotated_jpeg_bytes, seed_templates

GUIDE_DIR = Path(__file__).resolve().parents[2] / "static" / "guide"
NEW_PASSWORD = "Mat-khau-moi-2021"


@pytest.fixture
def shots(tmp_path):
    folder = GUIDE_DIR if os.environ.get("UPDATE_GUIDE") == "1" else tmp_path / "guide"
    folder.mkdir(parents=True, exist_ok=True)
    taken = []

    def shot(page, name):
        path = folder / f"{name}.png"
        page.screenshot(path=str(path))
        taken.append(path)

    shot.taken = taken
    return shot


@pytest.fixture
def fixtures(tmp_path):
    files = {
        "jpeg": ("cong-do-nhiet.jpg", jpeg_bytes((3000, 2000), (180, 40, 40))),
        "png": ("rua-tay.png", png_bytes((900, 700))),
        "rotated": ("khu-cach-ly.jpg", rotated_jpeg_bytes((400, 200))),
    }
    paths = {}
    for key, (name, content) in files.items():
        paths[key] = tmp_path / name
        paths[key].write_bytes(content)
    return paths


def item(page, code):
    return page.locator(".fill-item", has=page.locator(f"strong:text-is('{code}')"))


def tick(page, code):
    box = item(page, code)
    box.locator("input[name=met]").check()
    expect(box.locator(".save-state")).to_have_text("đã lưu")


def attach(page, code, path, count):
    box = item(page, code)
    box.locator("input.photo-input").set_input_files(str(path))
    expect(box.locator(".photo-thumb img")).to_have_count(count)


@pytest.mark.django_db(transaction=True)
def test_facility_goes_the_whole_path_on_a_phone(
    live_server, phone_page, settings, tmp_path, fixtures, shots
):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_templates()
    issued = timezone.now() - timedelta(days=10)
    facility = FacilityFactory(name="Công ty TNHH May Him Lam", facility_type="factory", has_dormitory=False)
    user = UserFactory(username="cs5600000001", role="facility", must_change_password=True)
    facility.issue_account(user, when=issued)
    due_before = facility.due_at
    page = phone_page
    page.set_default_timeout(15_000)
    base = live_server.url

    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", "cs5600000001")
    page.fill("input[name=password]", PASSWORD)
    shots(page, "01-dang-nhap")
    page.locator("main button[type=submit]").click()

    expect(page).to_have_url(f"{base}/doi-mat-khau/")
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    shots(page, "02-doi-mat-khau")
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{base}/co-so/")
    expect(page.locator("#facility-colour")).to_have_attribute("data-colour", "grey")

    page.locator("main").get_by_role("link", name="Kiểm tra", exact=True).click()
    shots(page, "03-kiem-tra")
    page.get_by_role("link", name="TEMPLATES").click()
    shots(page, "04-templates")
    page.get_by_role("link", name="Chống dịch Covid19").click()
    shots(page, "05-chong-dich-covid19")
    page.get_by_role("button", name="Phòng, chống dịch COVID-19 tại nơi làm việc").click()
    expect(page.locator("h1")).to_have_text("Phòng, chống dịch COVID-19 tại nơi làm việc")
    assessment = Assessment.objects.get(facility=facility)

    first_half = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3"]
    for code in first_half:
        tick(page, code)
    attach(page, "1.2", fixtures["jpeg"], 1)
    attach(page, "2.1", fixtures["png"], 1)
    attach(page, "2.3", fixtures["rotated"], 1)
    note = item(page, "3.6")
    note.get_by_role("button", name="Ghi chú").click()
    note.locator("textarea").fill("Thùng rác ở xưởng 2 chưa có nắp, đã đặt mua.")
    expect(note.locator(".save-state")).to_have_text("đã lưu")
    shots(page, "06-danh-gia")

    page.reload()
    for code in first_half:
        expect(item(page, code).locator("input[name=met]")).to_be_checked()
    expect(item(page, "3.1").locator("input[name=met]")).not_to_be_checked()
    expect(item(page, "3.6").locator("textarea")).to_have_value(
        "Thùng rác ở xưởng 2 chưa có nắp, đã đặt mua."
    )
    for code in ("1.2", "2.1", "2.3"):
        expect(item(page, code).locator(".photo-thumb img")).to_have_count(1)

    for code in ["3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "5.1", "5.2", "5.3"]:
        tick(page, code)
    attach(page, "3.2", fixtures["jpeg"], 1)
    page.get_by_role("button", name="Hoàn thành").click()
    # 4.1 is ticked and needs a photo: Hoàn thành names it, links to it and keeps everything.
    problem = page.locator("#complete-problems").get_by_role("link", name="Mục 4.1")
    expect(problem).to_contain_text("cần ít nhất một ảnh chụp")
    problem.click()
    expect(item(page, "4.1")).to_be_in_viewport()
    expect(item(page, "3.5").locator("input[name=met]")).to_be_checked()
    attach(page, "4.1", fixtures["png"], 1)
    page.get_by_role("button", name="Hoàn thành").click()

    expect(page.locator("h1")).to_have_text("Kết quả kiểm tra")
    expect(page.locator("#result-level")).to_have_attribute("data-level", "green")  # 26 of 28 weight
    expect(page.locator("#unmet-items")).to_contain_text("Thùng rác ở xưởng 2 chưa có nắp")
    shots(page, "07-ket-qua")

    page.get_by_role("link", name="Ký xác nhận").click()
    page.fill("input[name=signer_name]", "Lò Văn Minh")
    page.fill("input[name=signer_position]", "Giám đốc")
    canvas = page.locator("#signature-pad")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 140)
    page.mouse.down()
    for x, y in [(70, 60), (110, 150), (160, 50), (210, 140), (260, 70)]:
        page.mouse.move(box["x"] + x, box["y"] + y, steps=6)
    page.mouse.up()
    shots(page, "08-ky-xac-nhan")
    page.locator("#sign-form button[type=submit]").click()

    expect(page.locator("#signed-box")).to_contain_text("Đã ký xác nhận")
    expect(page.locator("#signed-box")).to_contain_text("Lò Văn Minh — Giám đốc")
    shots(page, "09-da-ky")
    page.goto(f"{base}/co-so/")
    expect(page.locator("#facility-colour")).to_have_attribute("data-colour", "green")
    facility.refresh_from_db()
    assessment.refresh_from_db()
    assert assessment.status == "signed" and assessment.digest_matches()
    assert facility.level == "green" and facility.due_at == assessment.signed_at + timedelta(days=14)
    assert facility.due_at > due_before
    expect(page.locator("#due-date")).to_have_text(timezone.localtime(facility.due_at).strftime("%d/%m/%Y"))
    shots(page, "10-co-so")

    # Photos were resized in the browser and the EXIF-rotated one arrived upright.
    photos = {p.item.code: p for p in Photo.objects.select_related("item")}
    assert max(photos["1.2"].width, photos["1.2"].height) == 1600
    assert (photos["2.3"].width, photos["2.3"].height) == (200, 400)
    assert Facility.objects.get(pk=facility.pk).user.check_password(NEW_PASSWORD)
    for path in shots.taken:
        with Image.open(path) as img:
            assert img.width == 360
