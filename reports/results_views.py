"""Báo cáo kết quả: the officer's periodic report for the current period, as DOCX to edit,
number and sign, or as PDF to send."""

from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.activity import activity_record
from accounts.choices import Role
from accounts.decorators import officer_required
from accounts.models import Action
from accounts.paperwork import issuing_office
from safemap import paperwork as pw

from .results_document import results_document
from .results_report import results_for


def report_office(user):
    """The office the report goes out under: the officer's own; a provincial officer without
    one reports as the province's Sở."""
    return issuing_office(user.office, user.unit if user.role == Role.PROVINCE else None)


@officer_required
@require_GET
def results_report(request, fmt):
    now = timezone.now()
    document = results_document(results_for(request.user, now), report_office(request.user))
    stem = f"bao-cao-ket-qua-{timezone.localtime(now):%Y%m%d-%H%M}"
    response = pw.document_download(document, fmt=fmt, stem=stem)
    activity_record(actor=request.user, action=Action.EXPORTED, summary=f"Báo cáo kết quả ({fmt.upper()})")
    return response
