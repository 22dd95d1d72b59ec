"""After Hoàn thành: the result, Ký xác nhận, the read-only record (also for officers in
scope), its printable A4 copy, and the permission-checked photo and signature files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from checklists.scoring import Kind

from ..forms import SignForm
from ..scoping import get_assessment_for_user, get_photo_for_user
from ..selectors import assessment_sections
from ..services import AssessmentLocked, InvalidAnswer, NotCompleted, assessment_abandon, assessment_sign
from .offline import offline_ready


def _record_context(assessment, **extra):
    result = assessment.version.score(assessment.answer_map())
    sections = assessment_sections(assessment)
    unmet = set(result.unmet)
    unmet_items = [item for _s, items in sections for item in items if item.id in unmet]
    discrepancies = assessment.discrepancy_ids() if assessment.is_inspection else set()
    return {
        "discrepancy_items": [item for _s, items in sections for item in items if item.id in discrepancies],
        "assessment": assessment,
        "facility": assessment.facility,
        "sections": sections,
        "unmet_items": unmet_items,
        "critical_ids": set(result.critical),
        "is_risk": assessment.version.scoring == Kind.RISK,
        **extra,
    }


@login_required
def result(request, pk):
    assessment = get_assessment_for_user(request.user, pk, write=True)
    if assessment.is_signed:
        return redirect("assessments:detail", assessment.pk)
    if assessment.status != "completed":
        return redirect("assessments:fill", assessment.pk)
    return render(request, "assessments/result.html", _record_context(assessment))


@login_required
def sign(request, pk):
    assessment = get_assessment_for_user(request.user, pk, write=True)
    if assessment.is_signed:
        messages.info(request, _("Bản đánh giá này đã được ký xác nhận."))
        return redirect("assessments:detail", assessment.pk)
    if assessment.status != "completed":
        return redirect("assessments:fill", assessment.pk)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_sign(
                assessment=assessment,
                signer_name=form.cleaned_data["signer_name"],
                signer_position=form.cleaned_data["signer_position"],
                signature_png=form.cleaned_data["signature_png"],
                by=request.user,
            )
        except (AssessmentLocked, NotCompleted) as e:
            messages.error(request, str(e))
            return redirect(
                "assessments:fill" if isinstance(e, NotCompleted) else "assessments:detail", assessment.pk
            )
        else:
            messages.success(request, _("Đã ký xác nhận. Kết quả đã được cập nhật trên bản đồ."))
            return redirect("assessments:detail", assessment.pk)
    return render(request, "assessments/sign.html", {"assessment": assessment, "form": form})


@login_required
def detail(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    if assessment.is_open:
        return redirect("assessments:fill", assessment.pk)
    if not assessment.is_signed:
        raise Http404
    context = _record_context(assessment, digest_ok=assessment.digest_matches())
    return render(request, "assessments/detail.html", context)


@login_required
def print_view(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    if not assessment.is_signed:
        raise Http404
    return render(request, "assessments/print.html", _record_context(assessment))


@require_POST
@login_required
def abandon(request, pk):
    assessment = get_assessment_for_user(request.user, pk, write=True)
    try:
        assessment_abandon(assessment=assessment)
    except InvalidAnswer as e:
        messages.error(request, str(e))
    else:
        messages.info(request, _("Đã cất bản đánh giá cũ; bạn có thể bắt đầu bản mới."))
    if assessment.is_inspection:
        return redirect("reports:facility_detail", assessment.facility_id)
    return redirect("assessments:inspect")


def _file(name, content_type):
    try:
        f = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(f, content_type=content_type)
    response["Content-Disposition"] = "inline"
    return response


@offline_ready
@login_required
def photo(request, pk, thumb=False):
    p = get_photo_for_user(request.user, pk)
    return _file(p.thumbnail.name if thumb else p.image.name, "image/jpeg")


@login_required
def signature(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    if not assessment.signature:
        raise Http404
    return _file(assessment.signature.name, "image/png")
