"""The officer's side of Yêu cầu khắc phục: make one from the facility page, review the
facility's answer (Chấp nhận / Yêu cầu làm lại), and the list of requests in scope."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import officer_required
from accounts.scoping import get_facility_for_user
from assessments.corrective import RequestStatus
from assessments.corrective_forms import CorrectiveRequestForm, CorrectiveReturnForm
from assessments.corrective_services import (
    RequestLocked,
    latest_signed_assessment,
    request_accept,
    request_create,
    request_return,
    unmet_items,
)
from assessments.scoping import corrective_requests_visible_to, get_corrective_request_for_user
from assessments.selectors import request_rounds

from .tasks import queue_scan

PAGE_SIZE = 50


@officer_required
@require_http_methods(["GET", "POST"])
def corrective_request_new(request, pk):
    facility = get_facility_for_user(request.user, pk)
    assessment = latest_signed_assessment(facility)
    unmet = unmet_items(assessment)
    form = CorrectiveRequestForm(request.POST or None, unmet=unmet)
    if request.method == "POST" and form.is_valid():
        corrective = request_create(
            facility=facility,
            assessment=assessment,
            items=form.cleaned_data["chosen"],
            text=form.cleaned_data["text"],
            deadline=form.cleaned_data["deadline"],
            by=request.user,
        )
        messages.success(request, _("Đã gửi yêu cầu khắc phục cho cơ sở."))
        return redirect(corrective)
    context = {"facility": facility, "assessment": assessment, "form": form}
    return render(request, "reports/corrective_request_new.html", context)


def _render_review(request, corrective, return_form=None, status=200):
    context = {
        "corrective": corrective,
        "facility": corrective.facility,
        "items": corrective.items.all(),
        "rounds": request_rounds(corrective),
        "return_form": return_form or CorrectiveReturnForm(),
    }
    return render(request, "reports/corrective_request.html", context, status=status)


@officer_required
@require_GET
def corrective_request(request, pk):
    return _render_review(request, get_corrective_request_for_user(request.user, pk))


@officer_required
@require_POST
def corrective_request_accept(request, pk):
    corrective = get_corrective_request_for_user(request.user, pk)
    try:
        request_accept(request=corrective, by=request.user)
    except RequestLocked as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Đã chấp nhận kết quả khắc phục."))
    return redirect(corrective)


@officer_required
@require_POST
def corrective_request_return(request, pk):
    corrective = get_corrective_request_for_user(request.user, pk)
    form = CorrectiveReturnForm(request.POST)
    if not form.is_valid():
        return _render_review(request, corrective, form)
    try:
        request_return(
            request=corrective,
            by=request.user,
            reason=form.cleaned_data["reason"],
            deadline=form.cleaned_data["deadline"],
        )
    except RequestLocked as e:
        messages.error(request, str(e))
    else:
        queue_scan([corrective.facility_id])  # sent back past its deadline: overdue again now
        messages.success(request, _("Đã yêu cầu cơ sở làm lại."))
    return redirect(corrective)


STATUS_FILTERS = {
    "": None,
    "cho-xem-xet": lambda q, now: q.awaiting_review(),
    "qua-han": lambda q, now: q.overdue(now),
    "dang-mo": lambda q, now: q.not_closed(),
    "da-chap-nhan": lambda q, now: q.filter(status=RequestStatus.ACCEPTED),
}


@officer_required
@require_GET
def corrective_request_list(request):
    now = timezone.now()
    chosen = request.GET.get("loc", "")
    if chosen not in STATUS_FILTERS:
        chosen = ""
    requests = corrective_requests_visible_to(request.user)
    if STATUS_FILTERS[chosen]:
        requests = STATUS_FILTERS[chosen](requests, now)
    requests = requests.select_related("facility__unit").prefetch_related("items").order_by("deadline", "pk")
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("trang"))
    filters = [
        ("", _("Tất cả")),
        ("cho-xem-xet", _("Chờ xem xét")),
        ("qua-han", _("Quá hạn")),
        ("dang-mo", _("Chưa hoàn thành")),
        ("da-chap-nhan", _("Đã chấp nhận")),
    ]
    context = {"page": page, "filters": filters, "chosen": chosen, "now": now}
    return render(request, "reports/corrective_request_list.html", context)
