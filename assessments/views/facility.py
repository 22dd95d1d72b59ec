"""The facility's pages up to the checklist: home, Kiểm tra → TEMPLATES → Chống dịch Covid19."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import facility_required
from accounts.suspensions import decisions_visible_to
from checklists.models import Folder, Template, templates_for

from ..corrective import RequestStatus
from ..inspections import inspector_unit, latest_inspection
from ..scoping import assessments_visible_to, corrective_requests_visible_to
from ..selectors import latest_signed_by_template, open_drafts
from ..services import InvalidAnswer, assessment_start
from .offline import offline_plan, offline_ready


@offline_ready
@facility_required
def home(request, facility):
    now = timezone.now()
    days_left = facility.days_left(now)
    drafts = list(open_drafts(request.user))
    signed = (
        assessments_visible_to(request.user).signed().select_related("template").order_by("-signed_at")[:20]
    )
    context = {
        "facility": facility,
        "colour": facility.colour(now),
        "days_left": days_left,
        "overdue_days": facility.days_overdue(now) or 0,
        "drafts": drafts,
        "offline_plan": offline_plan(facility, drafts),
        "assessments": signed,
        "contacts": facility.contacts(),
        "corrective_requests": _open_requests(request.user),
        "corrective_done": corrective_requests_visible_to(request.user)
        .filter(status=RequestStatus.ACCEPTED)
        .prefetch_related("items")
        .order_by("-closed_at")[:5],
        **_inspection_context(facility),
        # Its own decisions only (the access helper): suspension and reopening.
        "decisions": decisions_visible_to(request.user).order_by("-date", "-id")[:10],
    }
    return render(request, "assessments/home.html", context)


def _open_requests(user):
    """Not yet accepted, most urgent first: what waits for the facility, by deadline, then
    what waits for the officer's review."""
    requests = corrective_requests_visible_to(user).not_closed().prefetch_related("items")
    return sorted(requests, key=lambda r: (not r.is_awaiting_facility, r.deadline, r.pk))


def _inspection_context(facility) -> dict:
    """The latest Kiểm tra thực tế, read-only: when, by which office, the result, and what the
    officer found not as the facility had claimed. Not the officer's notes or photos."""
    inspection = latest_inspection(facility)
    if inspection is None:
        return {"inspection": None}
    return {
        "inspection": inspection,
        "inspection_unit": inspector_unit(inspection.signed_by),
        "inspection_current": facility.inspection_is_current,
        "inspection_discrepancies": inspection.discrepancy_items(),
    }


@offline_ready
@facility_required
def inspect(request, facility):
    return render(
        request, "assessments/inspect.html", {"facility": facility, "drafts": open_drafts(request.user)}
    )


@offline_ready
@facility_required
def templates_index(request, facility):
    folders = [f for f in Folder.objects.all() if templates_for(facility, f)]
    return render(request, "assessments/templates_index.html", {"folders": folders})


@offline_ready
@facility_required
def folder(request, slug, facility):
    folder = get_object_or_404(Folder, slug=slug)
    # What this facility may start and sign (templates_for: its type, its dormitory); the
    # required ones set its colour and due date when signed (assessment_sign), the others are
    # optional self-checks. The page marks which is which.
    templates = templates_for(facility, folder)
    drafts = {a.template_id: a for a in open_drafts(request.user)}
    last = latest_signed_by_template(request.user)
    rows = [(t, drafts.get(t.id), last.get(t.id)) for t in templates]
    has_optional = any(not t.required for t in templates)
    return render(
        request, "assessments/folder.html", {"folder": folder, "rows": rows, "has_optional": has_optional}
    )


@require_POST
@facility_required
def start(request, template_id, facility):
    template = get_object_or_404(Template.objects.filter(is_active=True), pk=template_id)
    if not template.applies_to(facility):
        raise Http404
    try:
        assessment = assessment_start(facility=facility, template=template, by=request.user)
    except InvalidAnswer:
        raise Http404 from None
    return redirect("assessments:fill", assessment.pk)


@offline_ready
def guide(request):
    return render(request, "assessments/guide.html")
