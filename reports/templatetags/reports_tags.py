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
