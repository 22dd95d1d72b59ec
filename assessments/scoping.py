"""Who may see which assessment and photo: built on ``facilities_visible_to``, so an officer
sees the signed assessments (with photos) of the facilities in their scope, and a facility
sees only its own. Anything else is a 404, the same answer as for a missing one."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.scoping import facilities_visible_to, holds_every_facility

from .models import Assessment, CorrectivePhoto, CorrectiveRequest, Photo, Status


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


def corrective_requests_visible_to(user):
    """Corrective requests of the facilities the user may see: an officer's scope, or the
    facility's own (whatever their state; the facility page shows them read-only once
    accepted)."""
    scope = facilities_visible_to(user)
    if holds_every_facility(scope):
        return CorrectiveRequest.objects.all()
    return CorrectiveRequest.objects.filter(facility__in=scope)


def get_corrective_request_for_user(user, pk):
    q = corrective_requests_visible_to(user).select_related("facility__unit", "assessment__template")
    return get_object_or_404(q, pk=pk)


def get_corrective_photo_for_user(user, pk):
    return get_object_or_404(
        CorrectivePhoto.objects.filter(response__request__in=corrective_requests_visible_to(user)), pk=pk
    )
