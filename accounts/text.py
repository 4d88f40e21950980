"""Vietnamese text helpers: NFC storage and accent-insensitive search keys."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value):
    """Return `value` in Unicode NFC (strings only; other values pass through)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def fold(value: str | None) -> str:
    """Search key: no diacritics, đ→d, lower case, single spaces.

    "Huyền Sơn", "HUYEN  son" and the NFD form of "huyền sơn" all give "huyen son".
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped).strip().lower()


def slug_vi(value: str) -> str:
    """URL slug without diacritics: "Dứa Bảo Sơn" → "dua-bao-son"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")
