"""Who may see which assessment and photo: built on ``facilities_visible_to``, so an officer
sees the signed assessments (with photos) of the facilities in their scope, and a facility
sees only its own. Anything else is a 404, the same answer as for a missing one."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.scoping import facilities_visible_to

from .models import Assessment, Photo, Status


def assessments_visible_to(user):
    q = Assessment.objects.filter(facility__in=facilities_visible_to(user))
    if user.is_authenticated and user.is_facility:
        return q.exclude(status=Status.ABANDONED)
    # Drafts are the facility's working copy; officers see what was signed.
    return q.filter(status=Status.SIGNED)


def get_assessment_for_user(user, pk, *, write=False):
    """The assessment if the user may see it (``write``: may change it, i.e. it is the
    facility's own), else 404. Whether it is still open is the service's business."""
    if write and not (user.is_authenticated and user.is_facility):
        raise Http404
    q = assessments_visible_to(user).select_related("facility", "template", "version")
    return get_object_or_404(q, pk=pk)


def photos_visible_to(user):
    return Photo.objects.filter(assessment__in=assessments_visible_to(user))


def get_photo_for_user(user, pk, *, write=False):
    if write and not (user.is_authenticated and user.is_facility):
        raise Http404
    return get_object_or_404(photos_visible_to(user).select_related("assessment"), pk=pk)
