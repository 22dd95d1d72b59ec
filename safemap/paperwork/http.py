"""Sending a document: one response shape for every DOCX, PDF (and the letters' ZIP)."""

from django.http import Http404, HttpResponse

from .to_docx import render_docx
from .to_pdf import render_pdf

FORMATS = ("docx", "pdf")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
}
RENDERERS = {"docx": render_docx, "pdf": render_pdf}


def file_response(content: bytes, *, fmt: str, stem: str, private: bool = False) -> HttpResponse:
    """An attachment named ``stem.fmt`` (ASCII stems only). ``private``: it holds a secret, so
    it is never stored by a cache (every private page already is, by the middleware)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    if private:
        response["Cache-Control"] = "no-store"
    return response


def document_download(document, *, fmt: str, stem: str) -> HttpResponse:
    """The document rendered in ``fmt`` ("docx" or "pdf"; anything else is a 404)."""
    if fmt not in RENDERERS:
        raise Http404
    return file_response(RENDERERS[fmt](document), fmt=fmt, stem=stem)
