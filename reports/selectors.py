"""Reads that views, exports and jobs share: what an officer's list shows, whose export job."""

from django.http import QueryDict
from django.shortcuts import get_object_or_404

from accounts.scoping import facilities_visible_to, units_visible_to

from .filters import FacilityFilterForm
from .models import ExportJob


def facility_list_for(user, params: QueryDict, now=None):
    """The facilities a list, its export or a background export shows: scoped, then filtered."""
    form = FacilityFilterForm(params, units=units_visible_to(user))
    return form, form.filter(facilities_visible_to(user).active(), now)


def get_export_job_for_user(user, pk) -> ExportJob:
    """Only the user who asked for an export may see or download it."""
    return get_object_or_404(ExportJob, pk=pk, user=user)
