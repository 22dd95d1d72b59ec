"""Phiếu tự đánh giá / Biên bản kiểm tra thực tế and Yêu cầu khắc phục as DOCX or PDF, for
whoever may see the record (officers in scope, the facility its own)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from safemap import paperwork as pw

from ..paperwork import assessment_document, corrective_document
from ..scoping import get_assessment_for_user, get_corrective_request_for_user


@login_required
@require_GET
def assessment_document_view(request, pk, fmt):
    assessment = get_assessment_for_user(request.user, pk)
    if not assessment.is_signed:
        raise Http404
    stem = f"{'bien-ban-kiem-tra' if assessment.is_inspection else 'phieu-tu-danh-gia'}-{assessment.pk}"
    return pw.document_download(assessment_document(assessment), fmt=fmt, stem=stem)


@login_required
@require_GET
def corrective_document_view(request, pk, fmt):
    corrective = get_corrective_request_for_user(request.user, pk)
    return pw.document_download(
        corrective_document(corrective), fmt=fmt, stem=f"yeu-cau-khac-phuc-{corrective.pk}"
    )
