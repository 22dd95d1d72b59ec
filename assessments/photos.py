"""Every uploaded photo is decoded and re-encoded before it is stored (safemap/images.py):
what we keep is a plain JPEG we made ourselves, upright, without metadata, never larger than
MAX_EDGE, under a random name."""

import base64
import binascii
import hashlib
import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from safemap import images

MAX_PIXELS = 40_000_000  # a 40 MP phone photo is fine; a "decompression bomb" declares far more
MAX_EDGE = 1600
THUMB_EDGE = 320
JPEG_QUALITY = 82


class PhotoError(ValueError):
    """An upload we refuse; the message names the file and what is wrong, in Vietnamese."""


@dataclass
class Processed:
    image: bytes
    thumbnail: bytes
    width: int
    height: int
    sha256: str


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",")


def process(upload) -> Processed:
    """Validate and re-encode an UploadedFile; raise PhotoError with a message for the user."""
    name = upload.name or _("ảnh")
    if upload.size > settings.PHOTO_MAX_UPLOAD_BYTES:
        raise PhotoError(
            _("Ảnh “%(name)s” quá lớn (%(size)s MB); tối đa %(max)s MB.")
            % {"name": name, "size": _mb(upload.size), "max": _mb(settings.PHOTO_MAX_UPLOAD_BYTES)}
        )
    try:
        img = images.decode(upload, max_pixels=MAX_PIXELS)
    except images.ImageProblem as e:
        raise PhotoError(_refusal(e, name)) from e
    img.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    data = _jpeg(img)
    thumb = img.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS)
    return Processed(data, _jpeg(thumb), img.width, img.height, hashlib.sha256(data).hexdigest())


def _refusal(problem: images.ImageProblem, name: str) -> str:
    if problem.kind == "not_image":
        return _("Tệp “%s” không phải là ảnh (chỉ nhận ảnh JPEG, PNG hoặc WebP).") % name
    if problem.kind == "broken":
        return _("Ảnh “%s” bị hỏng hoặc chưa tải lên hết; hãy chụp hoặc chọn lại.") % name
    if problem.size:
        width, height = problem.size
        return _(
            "Ảnh “%(name)s” có kích thước %(w)d × %(h)d điểm ảnh, vượt quá giới hạn %(max)d triệu điểm ảnh."
        ) % {"name": name, "w": width, "h": height, "max": MAX_PIXELS // 1_000_000}
    return _("Ảnh “%(name)s” có quá nhiều điểm ảnh, vượt quá giới hạn %(max)d triệu điểm ảnh.") % {
        "name": name,
        "max": MAX_PIXELS // 1_000_000,
    }


def _jpeg(img: Image.Image) -> bytes:
    return images.jpeg(img, quality=JPEG_QUALITY, progressive=True)


def store(data: bytes, folder: str) -> str:
    """Save under an unguessable name in the configured storage; return the stored name."""
    today = timezone.localdate()
    name = f"{folder}/{today:%Y/%m}/{secrets.token_urlsafe(18)}.jpg"
    return default_storage.save(name, ContentFile(data))


SIGNATURE_MAX_BYTES = 300 * 1024
SIGNATURE_MAX_EDGE = 2000


def process_signature(data_url: str) -> bytes:
    """A drawn signature from signature_pad (a PNG data URL), re-encoded as a small PNG.
    Refuses anything that is not a PNG or that has nothing drawn on it."""
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        raise PhotoError(_("Vui lòng ký tên vào khung chữ ký."))
    try:
        raw = base64.b64decode(data_url[len(prefix) :], validate=True)
    except binascii.Error as e:
        raise PhotoError(_("Chữ ký không đọc được; vui lòng ký lại.")) from e
    if len(raw) > SIGNATURE_MAX_BYTES:
        raise PhotoError(_("Chữ ký quá lớn; vui lòng ký lại."))
    try:
        img = Image.open(io.BytesIO(raw))
        if img.format != "PNG" or max(img.size) > SIGNATURE_MAX_EDGE:
            raise PhotoError(_("Chữ ký không đọc được; vui lòng ký lại."))
        img.load()
    except (OSError, SyntaxError, ValueError) as e:
        raise PhotoError(_("Chữ ký không đọc được; vui lòng ký lại.")) from e
    img = images.pixels_only(img.convert("RGBA"))
    if img.getchannel("A").getbbox() is None:
        raise PhotoError(_("Vui lòng ký tên vào khung chữ ký."))
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


def store_signature(data: bytes) -> str:
    today = timezone.localdate()
    return default_storage.save(
        f"signatures/{today:%Y/%m}/{secrets.token_urlsafe(18)}.png", ContentFile(data)
    )
