"""Which facilities the Sở proposes to UBND tỉnh for suspension."""

from django.db.models import Q

from accounts.choices import Level

from .flags import escalated_facility_ids


def suspension_candidates(facilities, now):
    """Facilities (from an already scoped queryset) that are unsafe, or have a flag (overdue,
    never assessed) open for longer than ``settings.ESCALATION_DAYS``, ordered by unit then
    name. The flag scan is the source of truth for how long a facility has been in trouble."""
    return (
        facilities.filter(is_active=True)
        .filter(Q(level=Level.RED) | Q(pk__in=escalated_facility_ids(facilities, now)))
        .select_related("unit")
        .order_by("unit__path", "name", "id")
    )
