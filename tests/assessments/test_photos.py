"""Uploads are validated and re-encoded by Pillow; bad files get a Vietnamese error and
leave nothing behind; photos are served only to those who may see them."""

import base64
import io
import struct

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageCms, ImageDraw, PngImagePlugin

from assessments.models import Photo
from tests.factories import UserFactory
from tests.factories.assessments import (
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


# Metadata: a stored photo, thumbnail or signature carries its pixels and nothing else. The
# files are read back byte by byte and their segments (JPEG) or chunks (PNG) listed.

JPEG_KEEPS = {0xD8, 0xE0, 0xDB, 0xC4, 0xDD, 0xDA} | set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
PNG_KEEPS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><GPSLatitude>21,23N</GPSLatitude></x:xmpmeta>'
IPTC = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0d\x1c\x02\x78\x00\x09Bi mat 42"


def jpeg_segments(data: bytes) -> list[int]:
    """The markers of a JPEG up to its first scan (after it there is only image data)."""
    assert data[:2] == b"\xff\xd8"
    markers, at = [0xD8], 2
    while at < len(data):
        assert data[at] == 0xFF, at
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    raise AssertionError("no scan")


def with_segment(jpeg: bytes, marker: int, payload: bytes) -> bytes:
    """The JPEG with a raw segment inserted right after its start marker."""
    return jpeg[:2] + bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        length = struct.unpack(">I", data[at : at + 4])[0]
        chunks.append(data[at + 4 : at + 8])
        at += 12 + length
    return chunks


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (21.0, 23.0, 0.0)}
    return exif


def png_with_text(mode="RGB") -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("comment", "Bi mat: 21.386N 103.02E")
    info.add_text("Author", "Lo Van Minh")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    img = Image.new(mode, (300, 200), (0, 160, 80, 255) if mode == "RGBA" else (0, 160, 80))
    if mode == "RGBA":
        ImageDraw.Draw(img).line([(10, 80), (80, 20), (150, 90), (280, 30)], fill=(0, 0, 0, 255), width=3)
    img.save(out, "PNG", pnginfo=info, icc_profile=ICC, exif=gps_exif())
    return out.getvalue()


def _jpeg_with_everything() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(
        out, "JPEG", comment=b"Bi mat: 21.386N", exif=gps_exif(), xmp=XMP, icc_profile=ICC
    )
    return with_segment(out.getvalue(), 0xED, IPTC)


METADATA_UPLOADS = {
    "comment": lambda: jpeg_bytes_with(comment=b"Bi mat: 21.386N 103.02E"),
    "exif-gps": lambda: jpeg_bytes_with(exif=gps_exif()),
    "xmp": lambda: jpeg_bytes_with(xmp=XMP),
    "icc": lambda: jpeg_bytes_with(icc_profile=ICC),
    "iptc": lambda: with_segment(jpeg_bytes_with(), 0xED, IPTC),
    "all-at-once": _jpeg_with_everything,
    "png-text-icc-exif": png_with_text,
    "webp-exif-xmp-icc": lambda: webp_bytes_with(exif=gps_exif(), xmp=XMP, icc_profile=ICC),
}


def webp_bytes_with(**metadata) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(out, "WEBP", **metadata)
    return out.getvalue()


def jpeg_bytes_with(**metadata) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(out, "JPEG", **metadata)
    return out.getvalue()


@pytest.mark.parametrize("kind", METADATA_UPLOADS)
def test_stored_photo_and_thumbnail_carry_no_metadata_segment(client_facility, assessment, kind):
    content = METADATA_UPLOADS[kind]()
    # The upload really carries what the test is about (a segment beyond the plain ones).
    if content[:2] == b"\xff\xd8":
        assert set(jpeg_segments(content)) - JPEG_KEEPS, kind
    data = post_photo(client_facility, assessment, upload(f"{kind}.jpg", content)).json()
    assert data["ok"], data
    photo = Photo.objects.get(assessment=assessment)
    for field, url in ((photo.image, data["url"]), (photo.thumbnail, data["thumb"])):
        stored = default_storage.open(field.name).read()
        served = b"".join(client_facility.get(url).streaming_content)
        assert served == stored
        extra = [hex(m) for m in jpeg_segments(stored) if m not in JPEG_KEEPS]
        assert extra == [], (kind, field.name, extra)
        assert b"Bi mat" not in stored and b"PhoneMaker" not in stored and b"xmpmeta" not in stored


def test_stored_signature_carries_no_text_profile_or_exif_chunk(client_facility, assessment):
    from tests.assessments.test_sign import add_required_photo, answer_all

    raw = png_with_text("RGBA")
    assert {b"tEXt", b"iTXt", b"iCCP", b"eXIf"} <= set(png_chunks(raw))
    answer_all(assessment)
    add_required_photo(client_facility, assessment)
    client_facility.post(f"/danh-gia/{assessment.pk}/hoan-thanh/")
    response = client_facility.post(
        f"/danh-gia/{assessment.pk}/ky-xac-nhan/",
        {
            "signer_name": "Lò Văn Minh",
            "signer_position": "Giám đốc",
            "signature": "data:image/png;base64," + base64.b64encode(raw).decode(),
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "signed"
    stored = default_storage.open(assessment.signature.name).read()
    assert set(png_chunks(stored)) <= PNG_KEEPS, png_chunks(stored)
    assert b"Bi mat" not in stored and b"Lo Van Minh" not in stored
