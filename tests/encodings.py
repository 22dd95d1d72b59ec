import unicodedata

# Windows-1258 has precomposed letters (ă â ê ô ơ ư đ) but Vietnamese tones only as combining marks.
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Encode as Excel does for a Vietnamese Windows-1258 CSV: base letter, then tone mark."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in parts if c not in TONES)
        out.append(unicodedata.normalize("NFC", base) + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")
