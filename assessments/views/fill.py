"""The fill page and what it calls as the user works: autosave, photos, Hoàn thành."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Level
from accounts.decorators import facility_required
from checklists.models import Template
from checklists.scoring import Kind

from ..forms import SignForm, parse_answer
from ..models import Assessment
from ..photos import PhotoError
from ..scoping import get_assessment_for_user, get_photo_for_user
from ..selectors import assessment_sections
from ..services import (
    AssessmentLocked,
    InvalidAnswer,
    answer_save,
    assessment_complete,
    photo_add,
    photo_remove,
)
from .offline import idempotent, offline_ready


def _error(message, status):
    return JsonResponse({"error": str(message)}, status=status)


def _fill_text():
    """What the fill page's scripts (static/js/fill/) say, translated here so the page needs no
    extra request."""
    return {
        "pending": _("chờ lưu"),
        "saving": _("đang lưu…"),
        "saved": _("đã lưu"),
        "retry": _("chưa lưu được, sẽ thử lại"),
        "error": _("không lưu được"),
        "login": _("phiên đăng nhập đã hết, hãy tải lại trang"),
        "uploading": _("đang gửi ảnh…"),
        "photoRetry": _("chưa gửi được ảnh, sẽ thử lại"),
        "photoSaved": _("đã lưu ảnh"),
        "photoAlt": _("Ảnh"),
        "deletePhoto": _("Xóa ảnh"),
        "confirmDelete": _("Xóa ảnh này?"),
        "allSaved": _("Mọi thay đổi đã được lưu."),
        "working": _("Đang lưu…"),
        "offline": _("Mất kết nối: thay đổi được giữ trên máy này và sẽ tự gửi lại khi có mạng."),
        "finishing": _("Đang lưu nốt…"),
        "notSaved": _("Còn thay đổi chưa lưu được. Hãy kiểm tra kết nối mạng rồi nhấn Hoàn thành lại."),
        "queued": _("đã lưu trên máy"),
        "offlineResult": _("Kết quả tính trên máy này (đang ngoại tuyến)"),
        "unanswered": _("Mục %(code)s “%(text)s” chưa chọn câu trả lời."),
        "needsPhoto": _("Mục %(code)s “%(text)s” cần ít nhất một ảnh chụp."),
        "criticalUnmet": _("Có nội dung bắt buộc không đáp ứng, nên kết quả là Không an toàn."),
        "riskIndex": _("Chỉ số nguy cơ lây nhiễm"),
        "tickScore": _("Mức đáp ứng (theo trọng số)"),
        "levels": {str(value): str(label) for value, label in Level.choices},
        "signQueued": _(
            "Đã ký trên máy này. Bản đánh giá sẽ được gửi khi có mạng; máy chủ ghi nhận thời điểm nhận "
            "để tính đúng hạn."
        ),
        "signSent": _("Máy chủ đã nhận bản đánh giá đã ký."),
        "viewSigned": _("Xem bản đã ký"),
        "signMissing": _("Vui lòng nhập họ và tên, chức vụ và ký tên vào khung chữ ký."),
        "editAgain": _("Quay lại sửa"),
    }


def _render_fill(request, assessment, problems=(), start_url=""):
    sections = assessment_sections(assessment)
    by_item = {}
    for problem in problems:
        by_item.setdefault(problem.item_id, []).append(problem.message)
    # An inspection shows, on each item, what the facility claimed in the self-assessment
    # it started from: the officer confirms it or corrects it.
    claims = assessment.based_on.answer_map() if assessment.is_inspection and assessment.based_on_id else {}
    for _section, items in sections:
        for item in items:
            item.problems = by_item.get(item.id, [])
            item.claimed = claims.get(item.id)
    context = {
        "assessment": assessment,
        "sections": sections,
        "problems": problems,
        "is_risk": assessment.version.scoring == Kind.RISK,
        "stale": assessment.is_stale(),
        "fill_text": _fill_text(),
        # The offline Hoàn thành scores with the version's own rules (static/js/fill/scoring.js).
        "scoring": assessment.version.scoring_document(),
        "sign_form": SignForm(),
        "start_url": start_url,
    }
    return render(request, "assessments/fill.html", context)


@offline_ready
@login_required
def fill(request, pk):
    assessment = get_assessment_for_user(request.user, pk, write=True)
    if not assessment.is_open:
        return redirect("assessments:detail", assessment.pk)
    return _render_fill(request, assessment)


@offline_ready
@facility_required
def fill_blank(request, template_id, facility):
    """The fill page of a checklist with no draft yet, kept by the service worker for a start
    made offline: its changes wait in the outbox behind a "start" item (start_queued) and go
    to the draft the server makes for it. Placeholder id 0: the outbox rewrites the URLs."""
    template = get_object_or_404(
        Template.objects.filter(is_active=True).select_related("folder"), pk=template_id
    )
    version = template.published_version()
    if version is None or not template.applies_to(facility):
        raise Http404
    blank = Assessment(pk=0, facility=facility, template=template, version=version, created_at=timezone.now())
    return _render_fill(request, blank, start_url=reverse("assessments:start_queued", args=[template.pk]))


@require_POST
@login_required
@idempotent
def autosave(request, pk, item_id):
    assessment = get_assessment_for_user(request.user, pk, write=True)
    try:
        answer_save(assessment=assessment, item_id=item_id, **parse_answer(request.POST))
    except AssessmentLocked as e:
        return _error(e, 409)
    except InvalidAnswer as e:
        return _error(e, 400)
    now = timezone.localtime()
    return JsonResponse({"ok": True, "saved_at": time_format(now, "H:i:s")})


@require_POST
@login_required
@idempotent
def photo_upload(request, pk, item_id):
    assessment = get_assessment_for_user(request.user, pk, write=True)
    upload = request.FILES.get("photo")
    if upload is None:
        return _error(_("Chưa chọn ảnh."), 400)
    try:
        photo = photo_add(assessment=assessment, item_id=item_id, upload=upload, by=request.user)
    except AssessmentLocked as e:
        return _error(e, 409)
    except (PhotoError, InvalidAnswer) as e:
        return _error(e, 400)
    return JsonResponse(
        {
            "ok": True,
            "id": photo.pk,
            "url": reverse("assessments:photo", args=[photo.pk]),
            "thumb": reverse("assessments:photo_thumb", args=[photo.pk]),
            "delete": reverse("assessments:photo_delete", args=[photo.pk]),
            "width": photo.width,
            "height": photo.height,
        }
    )


@require_POST
@login_required
def photo_delete(request, pk):
    photo = get_photo_for_user(request.user, pk, write=True)
    try:
        photo_remove(photo=photo)
    except AssessmentLocked as e:
        return _error(e, 409)
    return JsonResponse({"ok": True})


@require_POST
@login_required
def complete(request, pk):
    assessment = get_assessment_for_user(request.user, pk, write=True)
    try:
        done = assessment_complete(assessment=assessment)
    except AssessmentLocked as e:
        messages.error(request, str(e))
        return redirect("assessments:detail", assessment.pk)
    if done.problems:
        # The page again, each problem linked to its item and the item marked, like a form
        # shown again with its errors.
        return _render_fill(request, assessment, done.problems)
    return redirect("assessments:result", assessment.pk)
