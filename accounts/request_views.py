import tempfile

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safemap.spreadsheets import XLSX_TYPE, Column, local_date, table_download, write_xlsx

from .account_requests import (
    AccountRequest,
    account_requests_mark_issued,
    account_requests_review,
    account_requests_submit,
    account_requests_take_for_issuing,
    account_requests_visible_to,
    can_issue,
    can_review,
    can_submit,
    can_view,
)
from .choices import FacilityType, Sector
from .decorators import officer_required
from .request_forms import HEADINGS, AccountRequestForm, RequestFormSet, UploadForm, formset_data_from_rows
from .scoping import units_visible_to
from .text import parse_id


def _submitter_required(request):
    if not can_submit(request.user):
        raise Http404


@officer_required
@require_GET
def request_list(request):
    if not can_view(request.user):
        raise Http404
    requests = account_requests_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in AccountRequest.Status.values:
        requests = requests.filter(status=status)
    page = Paginator(requests, 50).get_page(request.GET.get("trang"))
    ctx = {
        "page": page,
        "status": status,
        "statuses": AccountRequest.Status.choices,
        "can_submit": can_submit(request.user),
        "can_review": can_review(request.user),
        "can_issue": can_issue(request.user),
    }
    return render(request, "accounts/requests/list.html", ctx)


@officer_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    _submitter_required(request)
    form = AccountRequestForm(request.POST or None, user=request.user, initial={"unit": request.user.unit_id})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "row"}
        account_requests_submit(rows=[data], by=request.user)
        messages.success(request, _("Đã gửi đề nghị cấp tài khoản cho %(name)s.") % {"name": data["name"]})
        return redirect("account_request_list")
    return render(request, "accounts/requests/new.html", {"form": form})


@officer_required
@require_http_methods(["GET", "POST"])
def request_upload(request):
    """Upload an XLSX; if any row is wrong, show every row as an editable form with its
    errors, so the officer fixes them here without retyping the file."""
    _submitter_required(request)
    upload = UploadForm()
    formset = None
    if request.method == "POST" and "file" in request.FILES:
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            data = formset_data_from_rows(upload.header, upload.rows, units_visible_to(request.user))
            formset = RequestFormSet(data, form_kwargs={"user": request.user})
    elif request.method == "POST":
        formset = RequestFormSet(request.POST, form_kwargs={"user": request.user})
    if formset is not None and formset.is_valid():
        rows = [{k: v for k, v in f.cleaned_data.items() if k != "row"} for f in formset.forms]
        with transaction.atomic():
            account_requests_submit(rows=rows, by=request.user)
        messages.success(request, _("Đã gửi %(n)s đề nghị cấp tài khoản.") % {"n": len(rows)})
        return redirect("account_request_list")
    valid_count = sum(1 for f in formset.forms if not f.errors) if formset is not None else 0
    return render(
        request,
        "accounts/requests/upload.html",
        {"upload": upload, "formset": formset, "valid_count": valid_count},
    )


TEMPLATE_COLUMNS = [Column(h, 24) for h in HEADINGS.values()]


@officer_required
@require_GET
def request_template(request):
    """The upload template: headings and one example row."""
    _submitter_required(request)
    unit = request.user.unit
    example = [
        (
            "Công ty TNHH Ví Dụ",
            "5699999999",  # not a demo facility's (they run from 5600000000)
            "Số 1, đường Ví Dụ",
            unit.code,
            str(Sector.INDUSTRY.label),
            str(FacilityType.FACTORY.label),
            "Nguyễn Văn A",
            "0209000000",
            "",
        )
    ]
    fh = tempfile.TemporaryFile()  # noqa: SIM115  FileResponse closes it once sent
    write_xlsx(iter(example), fh, columns=TEMPLATE_COLUMNS, sheet_title=_("Đề nghị cấp tài khoản"))
    fh.seek(0)
    return FileResponse(
        fh, as_attachment=True, filename="mau-de-nghi-cap-tai-khoan.xlsx", content_type=XLSX_TYPE
    )


def _selected(request):
    ids = [i for i in map(parse_id, request.POST.getlist("ids")) if i is not None]
    return account_requests_visible_to(request.user).filter(pk__in=ids)


@officer_required
@require_POST
def request_review(request):
    if not can_review(request.user):
        raise Http404
    approve = request.POST.get("action") == "approve"
    # No one types NUL; PostgreSQL refuses it in text, so it must not reach the UPDATE.
    note = request.POST.get("note", "").replace("\x00", "").strip()[:300]
    if not approve and not note:
        messages.error(request, _("Khi trả lại đề nghị, hãy ghi rõ lý do để đơn vị gửi biết cần sửa gì."))
        return redirect("account_request_list")
    n = account_requests_review(requests=_selected(request), approve=approve, by=request.user, note=note)
    if approve:
        messages.success(request, _("Đã tổng hợp %(n)s đề nghị.") % {"n": n})
    else:
        messages.success(request, _("Đã trả lại %(n)s đề nghị.") % {"n": n})
    return redirect("account_request_list")


@officer_required
@require_POST
def request_mark_issued(request):
    if not can_issue(request.user):
        raise Http404
    n = account_requests_mark_issued(requests=_selected(request))
    messages.success(request, _("Đã đánh dấu %(n)s cơ sở được cấp tài khoản.") % {"n": n})
    return redirect("account_request_list")


EXPORT_COLUMNS = [
    Column(gettext_lazy("STT"), 6, "number"),
    Column(gettext_lazy("Tên cơ sở"), 40),
    Column(gettext_lazy("Mã số thuế"), 14),
    Column(gettext_lazy("Địa chỉ"), 40),
    Column(gettext_lazy("Mã đơn vị hành chính"), 12),
    Column(gettext_lazy("Đơn vị hành chính"), 24),
    Column(gettext_lazy("Lĩnh vực"), 18),
    Column(gettext_lazy("Loại hình"), 20),
    Column(gettext_lazy("Người liên hệ"), 22),
    Column(gettext_lazy("Điện thoại"), 16),
    Column(gettext_lazy("Email"), 26),
    Column(gettext_lazy("Đơn vị đề nghị"), 24),
    Column(gettext_lazy("Ngày tổng hợp"), 14, "date"),
]


@officer_required
@require_POST
def request_export(request):
    """Compiled requests for the ministry or an admin to issue accounts from. A POST: taking the
    list marks the requests exported."""
    if not can_issue(request.user):
        raise Http404
    requests = account_requests_take_for_issuing(by=request.user)
    tz = timezone.get_current_timezone()

    def rows():
        for n, r in enumerate(requests, start=1):
            yield (
                n,
                r.name,
                r.tax_code,
                r.address,
                r.unit.code,
                r.unit.name,
                r.get_sector_display(),
                r.get_facility_type_display(),
                r.contact_name,
                r.contact_phone,
                r.email,
                r.submitted_by.get_full_name() or r.submitted_by.username,
                local_date(r.reviewed_at, tz),
            )

    return table_download(
        rows(),
        fmt="xlsx",
        columns=EXPORT_COLUMNS,
        stem="de-nghi-cap-tai-khoan",
        sheet_title=_("Đề nghị cấp tài khoản"),
    )
