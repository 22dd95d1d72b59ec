"""Checklist templates, drafts and image files for the checklists and assessments tests."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from assessments.models import Assessment
from checklists.demo import load_seed_templates
from checklists.models import Template
from checklists.transfer import import_template


def template_data(
    slug="thu",
    *,
    scoring="tick",
    sections=None,
    rules=None,
    types=("factory",),
    dormitory=False,
    required=True,
):
    if sections is None:
        sections = [
            {
                "title": "Phần 1",
                "items": [
                    {
                        "code": "1.1",
                        "text": "Có điểm rửa tay",
                        "weight": 2,
                        "critical": True,
                        "photo_required": True,
                    },
                    {"code": "1.2", "text": "Đeo khẩu trang", "weight": 1},
                    {"code": "1.3", "text": "Khử khuẩn hằng ngày", "weight": 1},
                ],
            }
        ]
    return {
        "format": "safemap-checklist",
        "format_version": 1,
        "folder": {"slug": "chong-dich-covid19", "name": "Chống dịch Covid19"},
        "template": {
            "slug": slug,
            "name": f"Bộ thử {slug}",
            "facility_types": list(types),
            "for_dormitory": dormitory,
            "required": required,
        },
        "scoring": scoring,
        "rules": rules or ({"green_min": 80, "yellow_min": 50} if scoring == "tick" else None),
        "sections": sections,
    }


def make_template(slug="thu", **kwargs) -> Template:
    version, _created = import_template(template_data(slug, **kwargs))
    return version.template


def seed_templates() -> dict[str, Template]:
    load_seed_templates()
    return {t.slug: t for t in Template.objects.all()}


def draft(facility, template, user=None) -> Assessment:
    return Assessment.objects.create(
        facility=facility,
        template=template,
        version=template.published_version(),
        created_by=user or facility.user,
    )


# Images, made with Pillow at test time.


def jpeg_bytes(size=(640, 480), colour=(200, 30, 30), exif=None) -> bytes:
    out = io.BytesIO()
    img = Image.new("RGB", size, colour)
    img.save(out, "JPEG", **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def rotated_jpeg_bytes(size=(400, 200)) -> bytes:
    """A landscape-stored JPEG whose EXIF says "rotate 90°" (orientation 6), as phones write
    them, plus a GPS tag that must not survive."""
    img = Image.new("RGB", size, (20, 120, 200))
    img.paste((250, 250, 0), (0, 0, 60, 60))  # a marker in the top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (21.0, 23.0, 0.0)}
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_bytes(size=(300, 300)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 160, 80, 128)).save(out, "PNG")
    return out.getvalue()


def bomb_png_bytes(width=50_000, height=50_000) -> bytes:
    """A tiny PNG whose header declares a huge canvas: decoding it would need gigabytes."""
    out = io.BytesIO()
    Image.new("1", (8, 8)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = data[12:29]  # chunk type + 13 bytes of IHDR data
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)) & 0xFFFFFFFF)
    return bytes(data)


def upload(name, content, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


SVG_WITH_SCRIPT = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
<script>alert(document.cookie)</script><rect width="100" height="100"/></svg>"""


def stored_files(media_root) -> list:
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def signature_png() -> bytes:
    from PIL import ImageDraw

    img = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(img).line([(10, 80), (80, 20), (150, 90), (280, 30)], fill=(0, 0, 0, 255), width=3)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def signed_assessment(facility, template, *, met=True, photo=True) -> Assessment:
    """A facility's assessment taken through the real path: answers, a photo where required,
    Hoàn thành, Ký xác nhận."""
    from assessments.services import answer_save, assessment_complete, assessment_sign, photo_add

    assessment = draft(facility, template)
    for item in assessment.version.items_in_order():
        answer_save(assessment=assessment, item_id=item.pk, met=met)
        if photo and item.photo_required:
            photo_add(
                assessment=assessment, item_id=item.pk, upload=upload("a.jpg", jpeg_bytes()), by=facility.user
            )
    assessment_complete(assessment=assessment)
    return assessment_sign(
        assessment=assessment,
        signer_name="Lò Văn Minh",
        signer_position="Giám đốc",
        signature_png=signature_png(),
        by=facility.user,
    )


def inspection(facility, officer, *, found=None, photo=True, sign=True) -> Assessment:
    """An officer's Kiểm tra thực tế of ``facility``, through the real path: started from the
    latest signed self-assessment, ``found`` ({item code: met}) changed from what the facility
    claimed, a photo wherever the checklist needs one, Hoàn thành and (``sign``) Ký xác nhận."""
    from assessments.inspections import inspection_start
    from assessments.services import answer_save, assessment_complete, assessment_sign, photo_add

    draft_ = inspection_start(facility=facility, by=officer)
    items = {item.code: item for item in draft_.version.items_in_order()}
    for code, met in (found or {}).items():
        answer_save(assessment=draft_, item_id=items[code].pk, met=met)
    if photo:
        for item in items.values():
            if item.photo_required:
                photo_add(
                    assessment=draft_, item_id=item.pk, upload=upload("kt.jpg", jpeg_bytes()), by=officer
                )
    if not sign:
        draft_.refresh_from_db()
        return draft_
    assessment_complete(assessment=draft_)
    return assessment_sign(
        assessment=draft_,
        signer_name="Nguyễn Văn Kiểm",
        signer_position="Chuyên viên",
        signature_png=signature_png(),
        by=officer,
    )
