"""Signed demo assessments that agree with each demo facility's level: coso.demo and the
facilities of the capital ward get a real history (answers, score, signature, digest).
Facilities that already have a signed assessment are left alone, so running it again is a no-op."""

import functools
import hashlib
import io
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.choices import FacilityType, Level
from accounts.models import Facility, period
from checklists.demo import load_seed_templates
from checklists.models import Template

from .models import Answer, Assessment, Status
from .photos import store_signature
from .report_links import relink_reports

DEMO_LIMIT = 1000
HISTORY_PERIODS = 5
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


def _sign(facility, template, version, level, signed_at, *, on_time, signature, position, answers_for):
    answers, result = answers_for(version, level)
    assessment = Assessment.objects.create(
        facility=facility,
        template=template,
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
        on_time=on_time,
        signed_by=facility.user,
        signer_name=facility.contact_name or "Người phụ trách",
        signer_position=position,
        signature=signature[0],
        signature_sha256=signature[1],
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item_id=item_id, met=met) for item_id, (met, _option) in answers.items()
    )
    assessment.digest = assessment.compute_digest()
    assessment.save(update_fields=["digest"])


def _history(n, facility, level):
    """Earlier periods, newest first: (signed_at, level, on_time). About three periods in four
    are reported and one report in five is late, so the dashboard's trend has a past."""
    length = period()
    for k in range(1, HISTORY_PERIODS + 1):
        signed_at = facility.last_signed_at - k * length + timedelta(hours=(n * 7 + k * 5) % 48 - 24)
        if signed_at < facility.account_issued_at:
            return
        if (n + k) % 4 == 0:
            continue  # this period was missed
        past_level = Level.YELLOW if level == Level.GREEN and (n + k) % 6 == 0 else level
        yield signed_at, past_level, (n + 2 * k) % 5 != 0


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
    # The same for every facility: worked out once per version and level, in this run only.
    answers_for = functools.cache(_answers_for)
    for n, facility in enumerate(candidates):
        slug = (
            "noi-lam-viec"
            if facility.facility_type in (FacilityType.FACTORY, FacilityType.OTHER)
            else "khu-dich-vu"
        )
        png = _signature_png(n)
        # One stored signature per facility: its past assessments carry the same one.
        signature = (store_signature(png), hashlib.sha256(png).hexdigest())
        position = POSITIONS[n % len(POSITIONS)]
        for signed_at, level, on_time in _history(n, facility, facility.level):
            _sign(
                facility,
                templates[slug],
                versions[slug],
                level,
                signed_at,
                on_time=on_time,
                signature=signature,
                position=position,
                answers_for=answers_for,
            )
        _sign(
            facility,
            templates[slug],
            versions[slug],
            facility.level,
            facility.last_signed_at,
            on_time=True,
            signature=signature,
            position=position,
            answers_for=answers_for,
        )
    relink_reports(f.pk for f in candidates)
    return []
