from .corrective import corrective_photo, corrective_request
from .documents import assessment_document_view, corrective_document_view
from .facility import folder, guide, home, inspect, start, templates_index
from .fill import autosave, complete, fill, fill_blank, photo_delete, photo_upload
from .inspection import start_inspection
from .offline import manifest, service_worker, sign_queued, start_queued
from .signed import abandon, detail, photo, print_view, result, sign, signature

__all__ = [
    "abandon",
    "assessment_document_view",
    "corrective_document_view",
    "autosave",
    "complete",
    "corrective_photo",
    "corrective_request",
    "detail",
    "fill",
    "fill_blank",
    "folder",
    "guide",
    "home",
    "inspect",
    "manifest",
    "photo",
    "photo_delete",
    "photo_upload",
    "print_view",
    "result",
    "service_worker",
    "sign",
    "start_queued",
    "sign_queued",
    "signature",
    "start",
    "start_inspection",
    "templates_index",
]
