"""The one place that answers "what may this user see". Every officer view, map query and
export starts from these functions; nothing filters facilities by hand."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .choices import Role
from .models import AdminUnit, Facility


def facilities_visible_to(user):
    """Facilities the user may see: all for the ministry and admins; the unit subtree,
    narrowed by sectors and zones, for local officers and zone boards; itself for a facility;
    nothing for anyone else."""
    q = Facility.objects.all()
    if not user.is_authenticated or not user.is_active:
        return q.none()
    if user.is_national:
        return q
    if user.role == Role.FACILITY:
        return q.filter(user=user)
    if user.role not in (Role.PROVINCE, Role.LOCAL_OFFICE, Role.ZONE_BOARD):
        return q.none()
    if user.unit_id is None and user.role != Role.ZONE_BOARD:
        return q.none()
    if user.unit_id is not None:
        q = q.filter(unit__path__startswith=user.unit.path)
    if user.sectors:
        q = q.filter(sector__in=user.sectors)
    zone_ids = list(user.zones.values_list("id", flat=True))
    if zone_ids:
        q = q.filter(zone_id__in=zone_ids)
    elif user.role == Role.ZONE_BOARD:
        return q.none()
    return q


def holds_every_facility(facilities) -> bool:
    """Whether a scope from ``facilities_visible_to`` is the whole country (the ministry,
    admins): a query narrowed by it can skip the join, which at national scale is the most
    expensive part of the query and narrows nothing."""
    return not facilities.query.has_filters()


def get_facility_for_user(user, pk):
    """The facility if the user may see it, else 404 (the same answer as a missing one)."""
    return get_object_or_404(facilities_visible_to(user).select_related("unit", "zone", "user"), pk=pk)


def units_visible_to(user):
    """Administrative units an officer may filter by: their unit's subtree."""
    if not user.is_authenticated or not user.is_officer:
        return AdminUnit.objects.none()
    if user.is_national:
        return AdminUnit.objects.all()
    if user.unit_id is None:
        units = AdminUnit.objects.filter(zones__users=user).distinct()
        return units
    return AdminUnit.objects.filter(path__startswith=user.unit.path)


def require_officer(user):
    if not (user.is_authenticated and user.is_officer):
        raise Http404
