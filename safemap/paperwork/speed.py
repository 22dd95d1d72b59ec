"""Keeping long documents linear in time."""

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """No cyclic garbage collection while a document is written. A province's slips keep
    millions of small objects alive (blocks, fpdf2's page buffers, python-docx's tree); each
    full collection walks all of them, so collections grow with the document and its time
    grows faster than its pages (twice as slow at 10,000 slips). Writing makes no cycles worth
    collecting halfway; reference counting still frees everything else."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
