"""Scanned official documents (a People's Committee decision): a PDF kept as sent, or an image
re-encoded from its pixels only, as photos are (safemap/images.py). Anything else is refused with a Vietnamese message
that names the file and what is wrong."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from . import images

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # an A4 page scanned at 600 dpi is 35 MP
MAX_EDGE = 3000  # legible when printed again on A4
PDF_MAGIC = b"%PDF-"


class DocumentError(ValueError):
    """An upload we refuse; the message is for the user."""


@dataclass
class Document:
    data: bytes
    ext: str  # "pdf" or "jpg"


def max_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_UPLOAD_BYTES", MAX_BYTES)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",")


def process_document(upload) -> Document:
    name = upload.name or _("tệp")
    limit = max_bytes()
    if upload.size > limit:
        raise DocumentError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB); tối đa %(max)s MB.")
            % {"name": name, "size": _mb(upload.size), "max": _mb(limit)}
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        # Kept byte for byte (a signed PDF must stay what was signed); served only as a
        # download, never inline, so a script inside it never runs in our origin.
        return Document(upload.read(), "pdf")
    return Document(_reencoded(upload, name), "jpg")


def _reencoded(upload, name) -> bytes:
    try:
        img = images.decode(upload, max_pixels=MAX_PIXELS)
    except images.ImageProblem as e:
        if e.kind == "too_many_pixels":
            message = _("Ảnh “%(name)s” có quá nhiều điểm ảnh (tối đa %(max)d triệu).") % {
                "name": name,
                "max": MAX_PIXELS // 1_000_000,
            }
        elif e.kind == "broken":
            message = _("Tệp “%s” bị hỏng hoặc chưa tải lên hết; hãy chọn lại.") % name
        else:
            message = _("Tệp “%s” không phải là PDF hay ảnh (chỉ nhận PDF, JPEG, PNG hoặc WebP).") % name
        raise DocumentError(message) from e
    img.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    return images.jpeg(img, quality=85)
