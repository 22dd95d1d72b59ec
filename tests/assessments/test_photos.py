"""Uploads are validated and re-encoded by Pillow; bad files get a Vietnamese error and
leave nothing behind; photos are served only to those who may see them."""

import io

import pytest
from PIL import Image

from assessments.models import Photo
from tests.factories import UserFactory
from tests.factories_assessments import (
    SVG_WITH_SCRIPT,
    bomb_png_bytes,
    jpeg_bytes,
    png_bytes,
    rotated_jpeg_bytes,
    upload,
)
from tests.storage import stored_files

pytestmark = pytest.mark.django_db


def item_of(assessment, code="1.1"):
    return assessment.version.items_in_order().get(code=code)


def post_photo(client, assessment, f, code="1.1"):
    return client.post(f"/danh-gia/{assessment.pk}/muc/{item_of(assessment, code).pk}/anh/", {"photo": f})


def fetch_image(client, url) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


def test_jpeg_and_png_are_stored_as_clean_jpegs_with_thumbnails(client_facility, assessment, media):
    for f in (upload("cong.jpg", jpeg_bytes((2400, 1800))), upload("rua-tay.png", png_bytes(), "image/png")):
        data = post_photo(client_facility, assessment, f).json()
        assert data["ok"]
        full = fetch_image(client_facility, data["url"])
        assert full.format == "JPEG" and max(full.size) <= 1600
        assert max(fetch_image(client_facility, data["thumb"]).size) <= 320
    big = Photo.objects.order_by("id").first()
    assert (big.width, big.height) == (1600, 1200)
    names = [p.name for p in stored_files()]
    assert len(names) == 4 and not any("cong" in n or "rua-tay" in n for n in names)


def test_exif_rotated_photo_is_turned_upright_and_metadata_is_stripped(client_facility, assessment):
    data = post_photo(client_facility, assessment, upload("xoay.jpg", rotated_jpeg_bytes((400, 200)))).json()
    img = fetch_image(client_facility, data["url"])
    assert img.size == (200, 400)
    assert not img.getexif()
    assert "exif" not in img.info
    # The yellow marker was top-left in the stored pixels; rotated 90° clockwise it is top-right.
    assert img.getpixel((190, 10))[2] < 100 and img.getpixel((10, 10))[2] > 150


def test_several_photos_per_item(client_facility, assessment):
    for n in range(3):
        photo = upload(f"{n}.jpg", jpeg_bytes(colour=(60 * n, 30, 30)))
        assert post_photo(client_facility, assessment, photo).status_code == 200
    assert Photo.objects.filter(assessment=assessment).count() == 3


def test_the_same_photo_sent_again_is_kept_once(client_facility, assessment, media):
    # A phone that lost the first answer sends the photo again when the page reopens.
    first = post_photo(client_facility, assessment, upload("a.jpg", jpeg_bytes())).json()
    again = post_photo(client_facility, assessment, upload("a.jpg", jpeg_bytes())).json()
    assert again["ok"] and again["delete"] == first["delete"]
    assert Photo.objects.filter(assessment=assessment).count() == 1 and len(stored_files()) == 2
    other_item = post_photo(client_facility, assessment, upload("a.jpg", jpeg_bytes()), code="1.2").json()
    assert other_item["delete"] != first["delete"]  # the same picture may show another item


def test_a_ninth_photo_for_one_item_is_refused_in_vietnamese(client_facility, assessment):
    for n in range(8):
        photo = upload(f"{n}.jpg", jpeg_bytes(colour=(30 * n, 30, 30)))
        assert post_photo(client_facility, assessment, photo).status_code == 200
    response = post_photo(client_facility, assessment, upload("9.jpg", jpeg_bytes(colour=(0, 250, 0))))
    assert response.status_code == 400
    assert "tối đa 8 ảnh" in response.json()["error"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.jpg", b"%PDF-1.4 this is not an image" * 10, "không phải là ảnh"),
        ("bom.png", bomb_png_bytes(), "vượt quá giới hạn 40 triệu điểm ảnh"),
        ("bom-nho.png", bomb_png_bytes(8000, 8000), "8000 × 8000 điểm ảnh, vượt quá giới hạn 40 triệu"),
        ("to.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (30 * 1024 * 1024), "quá lớn (30,0 MB); tối đa 15,0 MB"),
        ("cut.jpg", jpeg_bytes((800, 600))[:1500], "bị hỏng hoặc chưa tải lên hết"),
        ("script.svg", SVG_WITH_SCRIPT, "không phải là ảnh"),
    ],
)
def test_bad_upload_gets_a_vietnamese_error_naming_the_file_and_nothing_is_stored(
    client_facility, assessment, media, name, content, message
):
    response = post_photo(client_facility, assessment, upload(name, content))
    assert response.status_code == 400
    error = response.json()["error"]
    assert message in error and name in error
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_upload_to_another_facilitys_draft_is_404(client, other_facility, assessment, media):
    client.force_login(other_facility.user)
    assert post_photo(client, assessment, upload("a.jpg", jpeg_bytes())).status_code == 404
    assert stored_files() == []


def test_photos_are_private_to_the_facility_until_signed(client, client_facility, assessment, officer):
    data = post_photo(client_facility, assessment, upload("a.jpg", jpeg_bytes())).json()
    client.logout()
    assert client.get(data["url"]).status_code == 302  # to login
    stranger = UserFactory(role="facility")
    client.force_login(stranger)
    assert client.get(data["url"]).status_code == 404
    client.force_login(officer)
    assert client.get(data["url"]).status_code == 404  # a draft is the facility's working copy


def test_deleting_a_photo_removes_its_files(
    client_facility, assessment, media, django_capture_on_commit_callbacks
):
    data = post_photo(client_facility, assessment, upload("a.jpg", jpeg_bytes())).json()
    with django_capture_on_commit_callbacks(execute=True):
        assert client_facility.post(data["delete"]).json()["ok"]
    assert not Photo.objects.exists()
    assert stored_files() == []
