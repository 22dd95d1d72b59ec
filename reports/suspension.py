"""Which facilities the Sở proposes to UBND tỉnh for suspension."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from accounts.choices import Level
from accounts.models import grace


def escalation_cutoff(now):
    """A facility whose due date (plus grace) passed before this moment is overdue for longer
    than ``ESCALATION_DAYS``."""
    return now - grace() - timedelta(days=settings.ESCALATION_DAYS)


def suspension_candidates(facilities, now):
    """Facilities (from an already scoped queryset) that are unsafe, or overdue for longer
    than ``settings.ESCALATION_DAYS``, ordered by unit then name.

    The one place that decides who goes on the report: when flags land, switch this to
    "flags open for longer than ESCALATION_DAYS" and every view and export follows."""
    return (
        facilities.filter(is_active=True)
        .filter(Q(level=Level.RED) | Q(due_at__lt=escalation_cutoff(now)))
        .select_related("unit")
        .order_by("unit__path", "name", "id")
    )
