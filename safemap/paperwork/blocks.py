"""The blocks a document is made of. Plain data: the renderers (to_docx, to_pdf) decide how each
looks, so a document is only a function that builds a list of these from its data."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Run:
    """A piece of a paragraph with its own style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Header:
    """The top of every document (Phụ lục I, ô 1–5): cơ quan chủ quản over cơ quan ban hành
    with its rule, "Số: …/<code>" and the V/v summary on the left; Quốc hiệu, Tiêu ngữ with
    its rule and the place-date line in italics on the right. ``number`` and ``date`` may be
    left empty for the clerk (a blank is printed instead); ``summary`` is for a công văn only
    (other kinds of document carry a Title instead)."""

    issuer: str
    parent: str = ""
    code: str = ""
    place: str = ""
    number: str = ""
    date: dt.date | None = None
    year: int | None = None  # printed in a blank date ("ngày … tháng … năm 2026")
    summary: str = ""


@dataclass
class Title:
    """The kind of document and its summary, centred in bold (ô 5a): "BIÊN BẢN" / "Kiểm tra…"."""

    kind: str
    summary: str = ""
    note: str = ""  # an italic line under the rule, e.g. "(Kèm theo Công văn số …)"


@dataclass
class Salutation:
    """Kính gửi (ô 9a of a công văn): one addressee on the line, several as a list."""

    to: list[str]


@dataclass
class Para:
    """A body paragraph: justified, first line indented, 6 pt after (the decree's body text)."""

    parts: list[Run]
    align: str = "justify"  # justify | left | center | right
    indent: bool = True
    size: float | None = None  # None: the document's body size
    space_before: float = 0  # points


@dataclass
class Column:
    title: str
    width: float  # mm
    align: str = "left"  # left | center | right


@dataclass
class Table:
    """A ruled table with a header row repeated on every page."""

    columns: list[Column]
    rows: list[list[str]]
    size: float = 12


@dataclass
class Pictures:
    """Images in a row (photo thumbnails, a signature), each with a caption under it. Never
    text: every word of a document is real text."""

    images: list[tuple[bytes, str]]
    width: float = 35  # mm, each


@dataclass
class Signer:
    """Ô 7a–7c: the capacity lines ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), room for the signature
    (or its image), the name."""

    capacity: list[str]
    name: str = ""
    signature: bytes | None = None


@dataclass
class Closing:
    """Nơi nhận on the left and the signer on the right; with no recipients and two signers
    (a biên bản) the two signers side by side."""

    recipients: list[str] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)


@dataclass
class PageBreak:
    pass


@dataclass
class Document:
    blocks: list
    title: str = ""  # the file's metadata title
    body_size: float = 14


Block = Header | Title | Salutation | Para | Table | Pictures | Closing | PageBreak


def P(text: str = "", *, bold=False, italic=False, **kwargs) -> Para:  # noqa: N802 - reads as a block
    """One-style paragraph."""
    return Para([Run(text, bold=bold, italic=italic)], **kwargs)


def Heading(text: str, **kwargs) -> Para:  # noqa: N802
    """A bold numbered heading inside the body ("1. Mục đích")."""
    return Para([Run(text, bold=True)], **kwargs)


def Centered(text: str, *, bold=True, italic=False, size=None) -> Para:  # noqa: N802
    return Para([Run(text, bold=bold, italic=italic)], align="center", indent=False, size=size)


def appendix_heading(title: str, ref: str = "") -> list:
    """A new page headed "PHỤ LỤC", the appendix's title and "(Kèm theo …)" in italics."""
    return [PageBreak(), Title("PHỤ LỤC", title, note=ref)]
