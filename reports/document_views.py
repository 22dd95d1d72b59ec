"""Official documents as DOCX and PDF (safemap.paperwork): the downloads on the existing pages,
and the background build of a large letter batch."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import officer_required
from accounts.importing.batches import get_letter_batch_to_download
from safemap import paperwork as pw

from .document_services import letter_job_create
from .proposal_document import proposal_document
from .proposals import get_proposal_for_user, items_with_evidence


@officer_required
@require_GET
def proposal_document_view(request, pk, fmt):
    """Đề xuất tạm dừng hoạt động as DOCX (to edit, number and sign) or PDF."""
    proposal = get_proposal_for_user(request.user, pk)
    document = proposal_document(proposal, items_with_evidence(proposal, timezone.now()))
    return pw.document_download(document, fmt=fmt, stem=f"de-xuat-tam-dung-{proposal.pk}")


@officer_required
@require_POST
def letter_batch_build(request, pk):
    """A large batch of letters: built by the worker; the page shows its progress bar."""
    batch = get_letter_batch_to_download(request.user, pk)
    if not batch.is_available:
        messages.error(request, _("Thư tài khoản này đã được tải, đã hết hạn hoặc đã được cấp lại."))
        return redirect("letter_batch_list")
    job = letter_job_create(user=request.user, batch=batch)
    return redirect("reports:export_job", job.pk)
