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
    """Days past the due date, read from the model (``Facility.days_left``), so the list says
    what the facility's own page says; 0 when not past it."""
    left = facility.days_left(now)
    return max(-left, 0) if left is not None else 0
