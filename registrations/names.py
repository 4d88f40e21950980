"""Comparing producer names the way officers write them: abbreviations of the legal form.

"HTX Na dai Lục Nam", "Hợp tác xã Na dai Lục Nam" and "hop tac xa na dai luc nam" are one producer;
``name_key`` maps each to the same key. It works on ``accounts.text.fold`` (no diacritics, lower
case), so the expansions below are written folded.
"""

import re

from accounts.text import fold

_PUNCTUATION = re.compile(r"[^a-z0-9 ]+")

# (folded long forms, canonical short form); longer forms first so "ho san xuat kinh doanh" wins
# over "ho kinh doanh"; "to hop tac" is tried before "hop tac xa".
_FORMS = [
    (("to hop tac", "tht"), "tht"),
    (("hop tac xa", "htx"), "htx"),
    (("doanh nghiep tu nhan", "dntn"), "dntn"),
    (("doanh nghiep", "dn"), "dn"),
    (("cong ty", "cty"), "cty"),
    (("trach nhiem huu han", "tnhh"), "tnhh"),
    (("co phan", "cp"), "cp"),
    (
        ("ho san xuat kinh doanh", "ho sxkd", "ho kinh doanh", "hkd", "ho kd"),
        "hkd",
    ),
]
_PATTERNS = [
    (re.compile(r"\b(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b"), short)
    for forms, short in _FORMS
]


def name_key(name: str | None) -> str:
    """The comparison key of a producer name: folded, punctuation dropped, legal forms abbreviated.

    >>> name_key("Công ty TNHH Mật ong Bắc Giang") == name_key("CTY T.N.H.H mat ong bac giang")
    True
    """
    text = _PUNCTUATION.sub(" ", fold(name).replace(".", ""))  # "H.T.X", "Cty." → "htx", "cty"
    text = " ".join(text.split())
    for pattern, short in _PATTERNS:
        text = pattern.sub(short, text)
    return " ".join(text.split())
