"""Kiểm tra thực tế: the officer's button on a facility's page. Everything after it (fill,
photos, Hoàn thành, Ký xác nhận, the signed record) is the assessment's own pages, which let
an officer write only the inspections they started (scoping.get_assessment_for_user)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.decorators import officer_required
from accounts.scoping import get_facility_for_user

from ..inspections import CannotInspect, inspection_start


@require_POST
@officer_required
def start_inspection(request, pk):
    facility = get_facility_for_user(request.user, pk)
    try:
        inspection = inspection_start(facility=facility, by=request.user)
    except CannotInspect as e:
        messages.error(request, str(e))
        return redirect("reports:facility_detail", facility.pk)
    return redirect("assessments:fill", inspection.pk)
