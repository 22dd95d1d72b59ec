"""Officer lists, the facility page and its correction, exports and the suspension report."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.activity import field_values
from accounts.decorators import officer_required
from accounts.models import FUNNEL_SINCE
from accounts.scoping import facilities_visible_to, get_facility_for_user
from assessments.scoping import assessments_visible_to
from safemap import db_router
from safemap import paperwork as pw
from safemap.mapconfig import leaflet_options
from safemap.spreadsheets import FORMATS, table_download

from .casefile import facility_timeline, parse_page
from .corrective import open_corrective_requests
from .document_jobs import LETTERS, document_job_take
from .exports import (
    FACILITY_COLUMNS,
    Column,
    facility_rows,
    local_date,
)
from .forms import FacilityCorrectionForm, SuspensionReportForm
from .proposals import may_draft, open_proposal_of, proposable
from .selectors import facility_list_for, get_export_job_for_user
from .services import export_job_create, export_recorded, facility_correction_save
from .suspension import province_of, suspension_candidates, suspension_reason

PAGE_SIZE = 50


@officer_required
@require_GET
def facility_list(request):
    now = timezone.now()
    form, facilities = facility_list_for(request.user, request.GET, now)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    stage = form.cleaned_data.get("stage", "") if form.is_valid() else ""
    # The overdue list is a list of whom to call: the longest overdue first; so is a list of
    # one funnel stage: the longest at that stage first.
    if state == "overdue":
        order = ("due_at", "name", "id")
    elif stage:
        order = (FUNNEL_SINCE[stage], "name", "id")  # the stage's own index (Facility.Meta)
    else:
        order = ("unit__path", "name", "id")
    facilities = facilities.with_stage().select_related("unit").order_by(*order)
    page = Paginator(facilities, PAGE_SIZE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    ctx = {
        "form": form,
        "page": page,
        "now": now,
        "querystring": params.urlencode(),
        "state": state,
        "stage": stage,
        "title": form.title(),
    }
    return render(request, "reports/facility_list.html", ctx)


@officer_required
@require_POST
def facility_export(request, fmt):
    """Small lists download at once; large ones become a background job with a progress bar."""
    if fmt not in FORMATS:
        raise Http404
    now = timezone.now()
    form, facilities = facility_list_for(request.user, request.GET, now)
    facilities = facilities.using(db_router.replica_alias())
    total = facilities.count()
    if total > settings.EXPORT_SYNC_MAX_ROWS:
        job = export_job_create(
            user=request.user, fmt=fmt, params=form.querystring(), title=str(form.title()), total=total
        )
        return redirect("reports:export_job", job.pk)
    export_recorded(user=request.user, title=form.title(), fmt=fmt, rows=total)
    return table_download(
        facility_rows(facilities, now),
        fmt=fmt,
        columns=FACILITY_COLUMNS,
        stem="danh-sach-co-so",
        sheet_title=str(form.title()),
    )


@officer_required
@require_GET
def export_job(request, pk):
    job = get_export_job_for_user(request.user, pk)
    template = "reports/_export_progress.html" if request.htmx else "reports/export_job.html"
    return render(request, template, {"job": job})


@officer_required
@require_GET
def export_download(request, pk):
    job = get_export_job_for_user(request.user, pk)
    if job.kind == LETTERS:  # initial passwords: served once, then deleted
        taken = document_job_take(job)
        if taken is None:
            raise Http404
        content, name = taken
        return pw.file_response(content, fmt="zip", stem=name.removesuffix(".zip"), private=True)
    if job.status != job.Status.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])


@officer_required
@require_GET
def facility_detail(request, pk):
    facility = get_facility_for_user(request.user, pk)
    assessments = (
        assessments_visible_to(request.user)
        .filter(facility=facility)
        .select_related("template")
        .order_by("-signed_at")[:50]
    )
    flags = facility.flags.order_by("-opened_at")[:20]
    timeline = facility_timeline(
        request.user, facility, parse_page(request.GET.get("trang")), here=request.path
    )
    context = {
        "facility": facility,
        "assessments": assessments,
        "flags": flags,
        "timeline": timeline,
        "corrective_requests": open_corrective_requests(request.user, facility),
        "now": timezone.now(),
        "may_reopen": facility.is_suspended and may_draft(request.user),
        **_suspension_step(request.user, facility),
    }
    return render(request, "reports/facility_detail.html", context)


def _suspension_step(user, facility) -> dict:
    """What the case file offers a Sở officer towards a suspension: the proposal the facility
    is on (to send it, or record UBND tỉnh's decision on it), or drafting one if it qualifies."""
    if facility.is_suspended or not may_draft(user):
        return {}
    proposal = open_proposal_of(user, facility)
    if proposal is not None:
        return {"open_proposal": proposal}
    candidates = proposable(user, province_of(user)).filter(pk=facility.pk)
    return {"may_propose": suspension_candidates(candidates, timezone.now()).exists()}


@officer_required
@require_http_methods(["GET", "POST"])
def facility_edit(request, pk):
    facility = get_facility_for_user(request.user, pk)
    before = field_values(facility, FacilityCorrectionForm._meta.fields)
    form = FacilityCorrectionForm(request.POST or None, instance=facility, user=request.user)
    if request.method == "POST" and form.is_valid():
        facility_correction_save(form=form, before=before, by=request.user)
        messages.success(request, _("Đã lưu thông tin cơ sở."))
        return redirect("reports:facility_detail", facility.pk)
    where = {"center": [facility.latitude, facility.longitude], "zoom": 15} if facility.has_location else {}
    config = leaflet_options(**where)
    return render(
        request, "reports/facility_edit.html", {"facility": facility, "form": form, "config": config}
    )


SUSPENSION_COLUMNS = [
    Column(gettext_lazy("STT"), 6, "number"),
    Column(gettext_lazy("Tên cơ sở"), 40),
    Column(gettext_lazy("Mã số thuế"), 14),
    Column(gettext_lazy("Địa chỉ"), 40),
    Column(gettext_lazy("Đơn vị hành chính"), 24),
    Column(gettext_lazy("Lý do đề xuất"), 40),
    Column(gettext_lazy("Ngày đánh giá gần nhất"), 14, "date"),
    Column(gettext_lazy("Hạn đánh giá"), 14, "date"),
]


def _suspension_groups(user, province, now):
    facilities = facilities_visible_to(user)
    if province is not None:
        facilities = facilities.filter(unit__path__startswith=province.path)
    groups = []
    for facility in suspension_candidates(facilities, now):
        if not groups or groups[-1][0] != facility.unit:
            groups.append((facility.unit, []))
        groups[-1][1].append(facility)
    return groups


@officer_required
@require_GET
def suspension_report(request):
    """The list of facilities proposed for suspension, as an A4 administrative document."""
    now = timezone.now()
    form = SuspensionReportForm(request.GET or None, user=request.user)
    province = form.chosen_province()
    # A national list would run to tens of thousands of rows and has no addressee.
    needs_province = request.user.is_national and province is None
    groups = [] if needs_province else _suspension_groups(request.user, province, now)
    with translation.override("vi"):  # the document is Vietnamese whatever the interface language
        for _unit, facilities in groups:
            for facility in facilities:
                facility.reason = suspension_reason(facility, now)
    ctx = {
        "form": form,
        "doc": form.values(),
        "groups": groups,
        "count": sum(len(f) for _u, f in groups),
        "issuer": settings.REPORT_ISSUER,
        "province_id": province.pk if province and request.user.is_national else "",
        "needs_province": needs_province,
        "escalation_days": settings.ESCALATION_DAYS,
        "querystring": request.GET.urlencode(),
    }
    return render(request, "reports/suspension.html", ctx)


@officer_required
@require_GET
def suspension_xlsx(request):
    """The same list as a spreadsheet; national users may take the whole country's."""
    now = timezone.now()
    tz = timezone.get_current_timezone()
    province = SuspensionReportForm(request.GET or None, user=request.user).chosen_province()

    def rows():
        n = 0
        for unit, facilities in _suspension_groups(request.user, province, now):
            for f in facilities:
                n += 1
                yield (
                    n,
                    f.name,
                    f.tax_code,
                    f.address,
                    unit.name,
                    suspension_reason(f, now),
                    local_date(f.last_signed_at, tz),
                    local_date(f.due_at, tz),
                )

    with translation.override("vi"):  # a document sent to UBND tỉnh, like the printed one
        title = _("Danh sách cơ sở đề xuất tạm dừng hoạt động")
        if province is not None:
            title = f"{title} — {province.name}"
        export_recorded(user=request.user, title=title, fmt="xlsx")
        return table_download(
            rows(),
            fmt="xlsx",
            columns=SUSPENSION_COLUMNS,
            stem="de-xuat-tam-dung",
            sheet_title=_("Đề xuất tạm dừng"),
            heading_rows=[_("Danh sách cơ sở đề xuất tạm dừng hoạt động")],
        )
