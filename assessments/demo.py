"""Signed demo assessments that agree with each demo facility's level: coso.demo and the
facilities of the capital ward get a real history (answers, score, signature, digest).
Facilities that already have a signed assessment are left alone, so running it again is a no-op."""

import hashlib
import io
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.choices import FacilityType, Level
from accounts.models import Facility
from checklists.demo import load_seed_templates
from checklists.models import Template

from .models import Answer, Assessment, Status
from .photos import store_signature

DEMO_LIMIT = 40
POSITIONS = ["Giám đốc", "Phó giám đốc", "Trưởng ban an toàn COVID-19", "Quản lý"]


def _signature_png(seed: int) -> bytes:
    img = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    points = [(20 + i * 13, 50 + ((i * 37 + seed * 11) % 41) - 20) for i in range(20)]
    draw.line(points, fill=(11, 46, 107, 255), width=3, joint="curve")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _answers_for(version, level):
    """Answers that score exactly ``level`` under the version's own rules."""
    items = list(version.items_in_order().prefetch_related("options"))
    met = {item.id: True for item in items}
    if level == Level.RED:
        met[next(i for i in items if i.critical).id] = False
    elif level == Level.YELLOW:
        for item in sorted((i for i in items if not i.critical), key=lambda i: -i.weight):
            met[item.id] = False
            if version.score({k: (v, None) for k, v in met.items()}).level != Level.GREEN:
                break
    answers = {k: (v, None) for k, v in met.items()}
    result = version.score(answers)
    assert result.level == level, (version, level, result)  # noqa: S101  demo data must be consistent
    return answers, result


@transaction.atomic
def seed(stdout=None) -> list:
    load_seed_templates()
    templates = {t.slug: t for t in Template.objects.filter(slug__in=["noi-lam-viec", "khu-dich-vu"])}
    versions = {slug: t.published_version() for slug, t in templates.items()}
    now = timezone.now()

    demo = Facility.objects.filter(user__username="coso.demo").first()
    if demo is not None and not demo.last_signed_at:
        demo.record_signed(Level.GREEN, now - timedelta(days=3))
    # Always the same facilities (the first by tax code), so a second run finds them done.
    chosen = list(
        Facility.objects.filter(user__isnull=False, last_signed_at__isnull=False)
        .exclude(level=Level.NONE)
        .order_by("tax_code")[:DEMO_LIMIT]
    )
    if demo is not None and demo not in chosen:
        chosen.append(demo)
    done = set(
        Assessment.objects.filter(facility__in=chosen, status=Status.SIGNED).values_list(
            "facility_id", flat=True
        )
    )
    candidates = [f for f in chosen if f.pk not in done]
    for n, facility in enumerate(candidates):
        slug = (
            "noi-lam-viec"
            if facility.facility_type in (FacilityType.FACTORY, FacilityType.OTHER)
            else "khu-dich-vu"
        )
        version = versions[slug]
        answers, result = _answers_for(version, facility.level)
        signed_at = facility.last_signed_at
        png = _signature_png(n)
        assessment = Assessment.objects.create(
            facility=facility,
            template=templates[slug],
            version=version,
            status=Status.SIGNED,
            created_by=facility.user,
            created_at=signed_at - timedelta(minutes=25),
            updated_at=signed_at,
            completed_at=signed_at - timedelta(minutes=2),
            score=result.score,
            level=result.level,
            band=result.band,
            signed_at=signed_at,
            signed_by=facility.user,
            signer_name=facility.contact_name or "Người phụ trách",
            signer_position=POSITIONS[n % len(POSITIONS)],
            signature=store_signature(png),
            signature_sha256=hashlib.sha256(png).hexdigest(),
        )
        Answer.objects.bulk_create(
            Answer(assessment=assessment, item_id=item_id, met=met)
            for item_id, (met, _option) in answers.items()
        )
        assessment.digest = assessment.compute_digest()
        assessment.save(update_fields=["digest"])
    return []
