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


# Vietnamese alphabetical order. Words compare first by their base letters (so "Cà Mau" comes
# before "Cao Bằng", as the space comes before "o"), then by the letters' own marks in the
# alphabet's order (a ă â, d đ, e ê, o ô ơ, u ư), then by tone (none, huyền, hỏi, ngã, sắc,
# nặng), as dictionaries and official lists sort.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
UNIT_PREFIXES = ("tỉnh ", "thành phố ")


def vietnamese_key(text: str) -> tuple:
    """A sort key that orders text as Vietnamese readers expect (Python's own order puts
    "Đ" after "Z" and "Cà" after "Cao")."""
    letters, tones = [], []
    for ch in nfc(text).lower():
        parts = unicodedata.normalize("NFD", ch)
        tone = next((TONES[m] for m in parts if m in TONES), 0)
        bare = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES))
        letters.append(ALPHABET.index(bare) if bare in ALPHABET else 100 + ord(bare[0]))
        tones.append(tone)
    return (fold(text), tuple(letters), tuple(tones))


def without_unit_prefix(name: str) -> str:
    """ "Thành phố Hà Nội" → "Hà Nội", "Tỉnh Điện Biên" → "Điện Biên": what a province is
    known and sorted by."""
    name = nfc(name)
    for prefix in UNIT_PREFIXES:
        if name.lower().startswith(prefix):
            return name[len(prefix) :]
    return name


def province_key(name: str) -> tuple:
    """Provinces and centrally run cities in one Vietnamese order, prefixes ignored."""
    return vietnamese_key(without_unit_prefix(name))
