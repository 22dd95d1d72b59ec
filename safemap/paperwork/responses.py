"""A document as a download."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def document_response(content: bytes, filename: str, fmt: str) -> HttpResponse:
    """``filename`` without its extension; officers' documents are never cached on the way."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response


def render(document, fmt: str) -> bytes:
    from . import render_docx, render_pdf

    return render_docx(document) if fmt == "docx" else render_pdf(document)
