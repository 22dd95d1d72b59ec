"""The scanned decision file, for the facilities it concerns and the officers whose scope
holds one of them; 404 for anyone else, as for a missing one."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .suspensions import decisions_visible_to


@login_required
@require_GET
def decision_file(request, pk):
    decision = get_object_or_404(decisions_visible_to(request.user), pk=pk)
    if not decision.file:
        raise Http404
    ext = "pdf" if decision.file_is_pdf else "jpg"
    response = FileResponse(
        decision.file.open("rb"),
        as_attachment=True,
        filename=f"quyet-dinh-{decision.pk}.{ext}",
        content_type="application/pdf" if ext == "pdf" else "image/jpeg",
    )
    response["Cache-Control"] = "private, no-store"
    return response
