import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics and collapse spaces, so that "cho dien bien"
    matches "Chợ Điện Biên". Used for search columns on both SQLite and PostgreSQL."""
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def parse_id(value) -> int | None:
    """A database id sent by the browser, or None. Only ASCII digits: ``str.isdigit`` also
    accepts "²" and "٣", which ``int`` then refuses; and no more than 18 of them, so the value
    fits a bigint on every database."""
    value = str(value)
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
