"""Nhật ký rows as the actions write them (accounts.activity.activity_record), at a chosen time."""

from datetime import datetime

from django.utils import timezone

from accounts.activity import activity_record
from accounts.models import Action


def logged(facility=None, *, actor=None, action=Action.FACILITY_EDITED, at=None, summary="", changes=None):
    """One row; ``at`` as "dd/mm/yyyy HH:MM" local time, or a datetime, or now."""
    if isinstance(at, str):
        at = timezone.make_aware(datetime.strptime(at, "%d/%m/%Y %H:%M"))
    return activity_record(
        actor=actor,
        action=action,
        facility=facility,
        target=facility,
        summary=summary,
        changes=changes,
        at=at,
    )
