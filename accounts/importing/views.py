from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safemap.spreadsheets import XLSX_TYPE

from ..models import ImportJob, ImportRow
from .batches import job_letter_batches, letter_batches_with_actions, letters_take
from .forms import UploadForm
from .reader import FileError
from .service import (
    import_job_cancel,
    import_job_confirm,
    import_job_create,
    import_job_restart,
)
from .xlsx import invalid_rows_xlsx

PREVIEW_ROWS = 200


def import_admin_required(view):
    """Staff who may add import jobs (admins); anyone else gets 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_staff and request.user.has_perm("accounts.add_importjob")):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _get_job(pk) -> ImportJob:
    return get_object_or_404(
        ImportJob.objects.select_related("created_by", "confirmed_by", "supplementary_province"), pk=pk
    )


def _letters(job, user) -> dict:
    letters = job_letter_batches(job)
    letters["office_batches"] = letter_batches_with_actions(letters["office_batches"], user)
    return letters


@import_admin_required
def import_list(request):
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job, _preview = import_job_create(
                    raw=upload.read(),
                    file_name=upload.name,
                    by=request.user,
                    supplementary_province=form.supplementary_province,
                )
            except FileError as e:
                form.add_error("file", str(e))
            else:
                return redirect("import_detail", job.pk)
    jobs = ImportJob.objects.select_related("created_by", "confirmed_by")[:50]
    return render(request, "accounts/import/list.html", {"form": form, "jobs": jobs})


@import_admin_required
def import_detail(request, pk):
    job = _get_job(pk)
    rows = ImportRow.objects.filter(job=job).order_by("number")
    context = {
        "job": job,
        "invalid": rows.filter(status__in=[ImportRow.Status.INVALID, ImportRow.Status.REJECTED])[
            :PREVIEW_ROWS
        ],
        "valid": rows.exclude(status__in=[ImportRow.Status.INVALID, ImportRow.Status.REJECTED])[
            :PREVIEW_ROWS
        ],
        "preview_rows": PREVIEW_ROWS,
        **_letters(job, request.user),
    }
    return render(request, "accounts/import/detail.html", context)


@import_admin_required
def import_progress(request, pk):
    job = _get_job(pk)
    return render(request, "accounts/import/_progress.html", {"job": job, **_letters(job, request.user)})


@require_POST
@import_admin_required
def import_confirm(request, pk):
    job = _get_job(pk)
    if import_job_confirm(job=job, by=request.user):
        messages.success(request, _("Đã bắt đầu nhập %(n)s dòng hợp lệ.") % {"n": job.valid_rows})
    else:
        messages.error(request, _("Không thể nhập tệp này: hãy xem các lỗi chặn bên dưới."))
    return redirect("import_detail", job.pk)


@require_POST
@import_admin_required
def import_cancel(request, pk):
    job = _get_job(pk)
    if import_job_cancel(job=job):
        messages.info(request, _("Đã hủy lượt nhập; không có gì được ghi."))
    return redirect("import_list")


@require_POST
@import_admin_required
def import_restart(request, pk):
    job = _get_job(pk)
    if import_job_restart(job=job):
        messages.info(request, _("Đã chạy tiếp lượt nhập: các dòng đã ghi không bị ghi lại."))
    return redirect("import_detail", job.pk)


@import_admin_required
def import_invalid_rows(request, pk):
    job = _get_job(pk)
    rows = list(
        ImportRow.objects.filter(
            job=job, status__in=[ImportRow.Status.INVALID, ImportRow.Status.REJECTED]
        ).order_by("number")
    )
    if not rows:
        raise Http404
    response = HttpResponse(invalid_rows_xlsx(job, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="dong-can-sua-{job.pk}.xlsx"'
    return response


@require_POST
@import_admin_required
def import_letters(request, pk):
    job = _get_job(pk)
    taken = letters_take(job=job, by=request.user)
    if taken is None:
        messages.error(request, _("Thư cấp tài khoản chỉ tải được một lần, và đã được tải hoặc đã hết hạn."))
        return redirect("import_detail", job.pk)
    content, _count = taken
    response = HttpResponse(content, content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="thu-cap-tai-khoan-{job.pk}-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response
