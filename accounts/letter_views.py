"""Thư tài khoản: each office's own batches of credential letters (accounts.importing.batches),
downloaded once; the Sở and the admins follow which office has taken its letters."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .decorators import officer_required
from .importing.batches import (
    get_letter_batch_to_download,
    get_letter_batch_to_reissue,
    letter_batch_reissue,
    letter_batch_take,
    letter_batches_visible_to,
    letter_batches_with_actions,
)
from .models import ImportJob
from .text import parse_id


@officer_required
@require_GET
def letter_batch_list(request):
    batches = (
        letter_batches_visible_to(request.user)
        .current()
        .filter(job__status=ImportJob.Status.DONE)
        .with_size()
        .filter(size__gt=0)
        .select_related("zone__unit", "reissued_from")
        .order_by("-job__finished_at", "unit__path", "zone__name", "pk")
    )
    job_id = parse_id(request.GET.get("lan-nhap", ""))
    if job_id is not None:
        batches = batches.filter(job_id=job_id)
    page = Paginator(batches, 50).get_page(request.GET.get("trang"))
    ctx = {
        "page": page,
        "batches": letter_batches_with_actions(page.object_list, request.user),
        "job_id": job_id,
    }
    return render(request, "accounts/letters/list.html", ctx)


@officer_required
@require_POST
def letter_batch_download(request, pk):
    batch = get_letter_batch_to_download(request.user, pk)
    taken = letter_batch_take(batch=batch, by=request.user)
    if taken is None:
        batch.refresh_from_db()
        if batch.downloaded_at:
            messages.error(
                request,
                _("Thư tài khoản này đã được tải lúc %(d)s; mỗi bộ thư chỉ tải được một lần.")
                % {"d": timezone.localtime(batch.downloaded_at).strftime("%d/%m/%Y %H:%M")},
            )
        else:
            messages.error(
                request,
                _("Thư tài khoản này đã hết hạn hoặc đã được cấp lại: đề nghị Sở Công Thương cấp lại thư."),
            )
        return redirect("letter_batch_list")
    content, _count = taken
    response = HttpResponse(content, content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="thu-tai-khoan-{batch.job_id}-{batch.pk}-{stamp}.zip"'
    )
    response["Cache-Control"] = "no-store"
    return response


@officer_required
@require_http_methods(["GET", "POST"])
def letter_batch_reissue_view(request, pk):
    """Asks first (GET): a reissue voids the initial password of every account in the batch."""
    batch = get_letter_batch_to_reissue(request.user, pk)
    back = request.POST.get("next", request.GET.get("next", ""))
    if request.method == "GET":
        return render(request, "accounts/letters/reissue_confirm.html", {"batch": batch, "next": back})
    new = letter_batch_reissue(batch=batch, by=request.user)
    if new is None:
        messages.error(request, _("Không cấp lại được: thư này đã được tải hoặc đã được cấp lại."))
    else:
        messages.success(
            request,
            _("Đã cấp lại thư tài khoản cho %(holder)s: mật khẩu ban đầu cũ không còn dùng được.")
            % {"holder": new.holder_label()},
        )
    if back == "import":
        return redirect("import_detail", batch.job_id)
    return redirect("letter_batch_list")
