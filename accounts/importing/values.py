"""Cleaning single cell values as government spreadsheets hold them."""

import re
from datetime import date, datetime

from django.utils.translation import gettext as _

from ..models import LAT_RANGE, LNG_RANGE
from ..text import fold, nfc

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"), None)
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
PHONE = re.compile(r"(?:\+?84|0)(?:[\s.]?\d){8,10}")


class CellError(ValueError):
    pass


def text(value) -> str:
    """NFC, single spaces, no invisible characters; numbers without a trailing ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value).translate(INVISIBLE))


def tax_code(value) -> str:
    """10 digits, or 10 + "-" + 3 for a branch. Excel drops the leading zero of codes kept as
    numbers (0101234567 → 101234567, 0101234567-001 → 101234567001): put it back."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = text(value)
    compact = re.sub(r"[\s.]", "", raw)
    if compact.endswith(",0"):
        compact = compact[:-2]
    match = re.fullmatch(r"(\d{9,10})(?:-(\d{3}))?", compact)
    if match:
        return match.group(1).zfill(10) + (f"-{match.group(2)}" if match.group(2) else "")
    if re.fullmatch(r"\d{12,13}", compact):
        full = compact.zfill(13)
        return f"{full[:10]}-{full[10:]}"
    raise CellError(
        _("Mã số thuế «%(value)s» không hợp lệ: cần 10 chữ số, hoặc 13 chữ số dạng 0101234567-001.")
        % {"value": raw}
    )


def _number(token) -> float:
    return float(str(token).replace(",", "."))


def coordinates(value=None, lat=None, lng=None) -> tuple[float, float] | None:
    """ "21,386; 103,017", "21.386, 103.017", two cells, decimal comma or point; a pair written
    longitude first is put right."""
    if value not in (None, ""):
        if isinstance(value, int | float):
            raise CellError(_("Tọa độ cần có cả vĩ độ và kinh độ, ví dụ «21,386; 103,017»."))
        tokens = NUMBER.findall(text(value))
        if len(tokens) != 2:
            raise CellError(
                _("Không đọc được tọa độ «%(value)s»: cần vĩ độ và kinh độ, ví dụ «21,386; 103,017».")
                % {"value": text(value)}
            )
        lat, lng = tokens
    elif lat in (None, "") and lng in (None, ""):
        return None
    elif lat in (None, "") or lng in (None, ""):
        raise CellError(_("Cần nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai."))
    try:
        y, x = (
            _number(lat if isinstance(lat, int | float) else text(lat)),
            _number(lng if isinstance(lng, int | float) else text(lng)),
        )
    except ValueError as e:
        raise CellError(_("Vĩ độ, kinh độ phải là số, ví dụ 21,386 và 103,017.")) from e

    def inside(a, b):
        return LAT_RANGE[0] <= a <= LAT_RANGE[1] and LNG_RANGE[0] <= b <= LNG_RANGE[1]

    if not inside(y, x) and inside(x, y):
        y, x = x, y
    if not inside(y, x):
        raise CellError(
            _("Tọa độ (%(lat)s; %(lng)s) nằm ngoài lãnh thổ Việt Nam.") % {"lat": f"{y:g}", "lng": f"{x:g}"}
        )
    return round(y, 6), round(x, 6)


def split_contact(value: str) -> tuple[str, str]:
    """ "Nguyễn Văn An - 0912 345 678" → ("Nguyễn Văn An", "0912345678")."""
    match = PHONE.search(value)
    if not match:
        return value, ""
    name = (value[: match.start()] + value[match.end() :]).strip(" -–,;:()")
    name = re.sub(r"\b(sđt|sdt|đt|dt|điện thoại|đtdđ)\s*:?\s*$", "", name, flags=re.IGNORECASE).strip(
        " -–,;:"
    )
    return name, phone(match.group(0))


def phone(value: str) -> str:
    return re.sub(r"[\s.]", "", text(value))


def choice(value: str, synonyms: dict[str, tuple[str, ...]], labels) -> str | None:
    """The stored value for a label written any way the offices write it; None if unknown."""
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(value)).split())
    for stored, words in synonyms.items():
        if (
            key == stored
            or key in words
            or key == " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(labels[stored]))).split())
        ):
            return stored
    return None
