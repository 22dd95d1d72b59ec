"""Facilities at a given stage of the start-up funnel."""

from datetime import timedelta

from django.utils import timezone

from accounts.choices import FunnelStage
from accounts.models.facilities import FUNNEL_STEPS
from tests.factories import FacilityFactory


def facility_at_stage(stage, days_at_stage=1, **kwargs):
    """A facility whose funnel dates run up to ``stage``, which it entered ``days_at_stage``
    days ago; each earlier step two days before the next."""
    entered = timezone.now() - timedelta(days=days_at_stage)
    steps = [field for s, field in FUNNEL_STEPS]
    reached = 0 if stage == FunnelStage.NOT_ISSUED else [s for s, _f in FUNNEL_STEPS].index(stage) + 1
    dates = {
        field: entered - timedelta(days=2 * (reached - 1 - i)) for i, field in enumerate(steps[:reached])
    }
    facility = FacilityFactory(**{**dates, **kwargs})
    if stage == FunnelStage.NOT_ISSUED:
        # created_at is set on insert: the stage of a facility never issued an account counts from it.
        type(facility).objects.filter(pk=facility.pk).update(created_at=entered)
        facility.refresh_from_db()
    return facility
