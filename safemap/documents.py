"""Scanned official documents (a People's Committee decision): a PDF kept as sent, or an image
re-encoded from its pixels only, like photos (assessments/photos.py, which accounts may not
import; this plumbing imports no app). Anything else is refused with a Vietnamese message
that names the file and what is wrong."""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # an A4 page scanned at 600 dpi is 35 MP
MAX_EDGE = 3000  # legible when printed again on A4
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
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
    refused = _("Tệp “%s” không phải là PDF hay ảnh (chỉ nhận PDF, JPEG, PNG hoặc WebP).") % name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(upload)
            if img.format not in IMAGE_FORMATS:
                raise DocumentError(refused)
            if img.width * img.height > MAX_PIXELS:
                raise DocumentError(
                    _("Ảnh “%(name)s” có quá nhiều điểm ảnh (tối đa %(max)d triệu).")
                    % {"name": name, "max": MAX_PIXELS // 1_000_000}
                )
            img.load()
    except DocumentError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise DocumentError(
            _("Ảnh “%(name)s” có quá nhiều điểm ảnh (tối đa %(max)d triệu).")
            % {"name": name, "max": MAX_PIXELS // 1_000_000}
        ) from e
    except UnidentifiedImageError as e:
        raise DocumentError(refused) from e
    except (OSError, SyntaxError, ValueError) as e:
        raise DocumentError(_("Tệp “%s” bị hỏng hoặc chưa tải lên hết; hãy chọn lại.") % name) from e
    img = ImageOps.exif_transpose(img)
    img.info = {}  # nothing but pixels is written back out (EXIF, comments, ICC)
    if img.mode != "RGB":
        background = Image.new("RGB", img.size, "white")
        rgba = img.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        img = background
    img.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    img.info = {}
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
