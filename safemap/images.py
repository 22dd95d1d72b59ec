"""Decoding an uploaded image and writing a JPEG of its pixels only, for photos
(assessments/photos.py) and scanned documents (safemap/documents.py): what is kept is always an
image we encoded ourselves, upright, without metadata (phones put GPS positions in EXIF).

Pillow carries some of what it read into what it writes (a JPEG or PNG "comment" becomes a COM
segment, an ICC profile goes back into a PNG), so images are encoded only from their pixels:
``pixels_only`` drops everything Pillow read besides them. Plumbing: imports no app; each caller
words its own Vietnamese message from the ``ImageProblem`` raised."""

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG", "PNG", "WEBP"}


class ImageProblem(ValueError):
    """Why an upload is not an image we keep: ``kind`` is "not_image", "too_many_pixels" (with
    ``size`` when the header declared it) or "broken" (damaged, or not uploaded to the end)."""

    def __init__(self, kind: str, size: tuple[int, int] | None = None):
        super().__init__(kind)
        self.kind, self.size = kind, size


def decode(upload, *, max_pixels: int) -> Image.Image:
    """The upload's picture, upright, RGB (transparency flattened on white), pixels only."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(upload)
            if img.format not in FORMATS:
                raise ImageProblem("not_image")
            # Checked on the header, before a single pixel is decoded.
            if img.width * img.height > max_pixels:
                raise ImageProblem("too_many_pixels", img.size)
            img.load()
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ImageProblem("too_many_pixels") from e
    except UnidentifiedImageError as e:
        raise ImageProblem("not_image") from e
    except (OSError, SyntaxError, ValueError) as e:
        raise ImageProblem("broken") from e
    img = pixels_only(ImageOps.exif_transpose(img))
    if img.mode != "RGB":
        background = Image.new("RGB", img.size, "white")
        rgba = img.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        img = background
    return img


def pixels_only(img: Image.Image) -> Image.Image:
    """The same picture with nothing Pillow read from the file besides its pixels (comment,
    EXIF, XMP, ICC profile, text chunks): the encoders write some of ``info`` back out."""
    img.info = {}
    return img


def jpeg(img: Image.Image, *, quality: int, progressive: bool = False) -> bytes:
    out = io.BytesIO()
    # No exif= / icc_profile= / comment= arguments, and info is empty: only pixels are written.
    pixels_only(img).save(out, "JPEG", quality=quality, optimize=True, progressive=progressive)
    return out.getvalue()
