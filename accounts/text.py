"""Vietnamese text helpers: NFC storage and accent-insensitive search keys."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Characters that hide or reorder text without showing: bidi embeddings, overrides and isolates
# (U+202A–202E, U+2066–2069, U+200E/200F), zero-width space/joiners (U+200B–200D, U+2060, U+FEFF)
# and the other format characters (category Cf), plus control characters except tab and line breaks.
_KEEP_CONTROLS = {"\t", "\n", "\r"}


def _visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    return not (category == "Cf" or (category == "Cc" and ch not in _KEEP_CONTROLS))


def nfc(value):
    """Return `value` in Unicode NFC without invisible format and control characters (a producer
    named "HTX\u202eabc" is stored as "HTXabc", like file names); other values pass through."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
        if not value.isprintable():  # fast path: ordinary text has no format/control characters
            value = "".join(ch for ch in value if _visible(ch))
        return value
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


def one_line(value: str) -> str:
    """Text for a one-line field such as an e-mail subject: line breaks and runs of spaces folded into
    one space (a title typed with a line break must not break the mail header)."""
    return _SPACES.sub(" ", nfc(value or "")).strip()
