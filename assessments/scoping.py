"""Who may see which assessment and photo: built on ``facilities_visible_to``, so an officer
sees the signed assessments and inspections (with photos) of the facilities in their scope,
and a facility sees only its own self-assessments. Anything else is a 404, the same answer as
for a missing one.

Writing: a facility changes its own self-assessments; an officer only the inspections they
started, of facilities still in their scope. A facility never sees an inspection's draft,
nor opens the signed one (its home page shows the result)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from accounts.scoping import facilities_visible_to

from .models import Assessment, Photo, Status


def assessments_visible_to(user):
    q = Assessment.objects.filter(facility__in=facilities_visible_to(user))
    if user.is_authenticated and user.is_facility:
        return q.self_assessments().exclude(status=Status.ABANDONED)
    # Drafts are their author's working copy; officers see what was signed.
    return q.filter(status=Status.SIGNED)


def inspections_writable_by(user):
    """The inspections this officer started, in their scope (signed ones too: the services,
    not this helper, refuse to change those)."""
    if not (user.is_authenticated and user.is_officer):
        return Assessment.objects.none()
    return (
        Assessment.objects.inspections()
        .filter(facility__in=facilities_visible_to(user), created_by=user)
        .exclude(status=Status.ABANDONED)
    )


def _writable(user):
    if user.is_authenticated and user.is_facility:
        return assessments_visible_to(user)
    return inspections_writable_by(user)


def get_assessment_for_user(user, pk, *, write=False):
    """The assessment if the user may see it (``write``: may change it: the facility's own
    self-assessment, or the officer's own inspection), else 404. Whether it is still open is
    the service's business."""
    q = _writable(user) if write else assessments_visible_to(user)
    return get_object_or_404(q.select_related("facility", "template", "version"), pk=pk)


def photos_visible_to(user):
    visible = Q(assessment__in=assessments_visible_to(user))
    if user.is_authenticated and user.is_officer:
        # The officer's own inspection draft shows its photos on the fill page.
        visible |= Q(assessment__in=inspections_writable_by(user).open())
    return Photo.objects.filter(visible)


def get_photo_for_user(user, pk, *, write=False):
    q = Photo.objects.filter(assessment__in=_writable(user)) if write else photos_visible_to(user)
    return get_object_or_404(q.select_related("assessment"), pk=pk)
