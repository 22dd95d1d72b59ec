from .facility import folder, guide, home, inspect, start, templates_index
from .fill import autosave, complete, fill, photo_delete, photo_upload
from .inspection import start_inspection
from .signed import abandon, detail, photo, print_view, result, sign, signature

__all__ = [
    "abandon",
    "autosave",
    "complete",
    "detail",
    "fill",
    "folder",
    "guide",
    "home",
    "inspect",
    "photo",
    "photo_delete",
    "photo_upload",
    "print_view",
    "result",
    "sign",
    "signature",
    "start",
    "start_inspection",
    "templates_index",
]
