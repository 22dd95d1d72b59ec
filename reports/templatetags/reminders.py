from django import template

from reports.reminders import facility_banner as compute_banner

register = template.Library()


@register.inclusion_tag("reports/_facility_banner.html")
def facility_banner(facility):
    """``{% load reminders %}{% facility_banner facility %}`` on the facility's home page."""
    return {"banner": compute_banner(facility)}
