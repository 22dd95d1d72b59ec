from django import template

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
