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


def file_size(num_bytes) -> str:
    """A file size the Vietnamese way, one format everywhere: "512 byte", "8,1 KB", "21,0 MB"."""
    num_bytes = int(num_bytes or 0)
    if num_bytes < 1024:
        return f"{num_bytes} byte"
    for unit in ("KB", "MB", "GB"):
        num_bytes /= 1024
        if num_bytes < 1024 or unit == "GB":
            return f"{num_bytes:.1f}".replace(".", ",") + f" {unit}"
