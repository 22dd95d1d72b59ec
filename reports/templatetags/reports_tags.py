from django import template
from django.utils import timezone

from accounts.choices import MapColour

register = template.Library()


@register.filter
def colour_name(value: str) -> str:
    """Label of a map colour code, for rows annotated by ``with_colour()``."""
    try:
        return MapColour(value).label
    except ValueError:
        return value


@register.filter
def days_overdue(facility, now) -> int:
    """Days past the due date, from the one rule (``Facility.days_overdue``), so the list says
    what the facility's own page and the exports say; 0 when not past it."""
    return facility.days_overdue(now) or 0


@register.filter
def days_since(moment, now) -> int:
    """Whole calendar days (local time) from ``moment`` to ``now``: how long a facility has
    been at its funnel stage; 0 for none."""
    if moment is None:
        return 0
    return max((timezone.localdate(now) - timezone.localdate(moment)).days, 0)
