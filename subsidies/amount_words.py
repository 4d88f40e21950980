"""Amounts of money in words, in the formal Vietnamese used on finance documents.

Rules (as written on vouchers and decisions, "Bằng chữ: ..."):
- groups of three digits, named nghìn / triệu / tỷ (a group after "tỷ" repeats the cycle:
  "một nghìn tỷ", "một triệu tỷ");
- inside a lower group that is not the leading one, a zero hundreds digit is read "không trăm"
  ("Hai nghìn không trăm hai mươi sáu"), and a zero tens digit before a non-zero unit is "linh"
  ("Một trăm linh năm");
- unit 1 after a tens digit of 2..9 is "mốt" ("hai mươi mốt"), unit 5 after any tens digit is
  "lăm" ("mười lăm", "hai mươi lăm"), unit 4 after a tens digit of 2..9 is "tư" ("hai mươi tư");
- groups that are entirely zero are skipped; an amount that is a whole number of millions ends in
  "đồng chẵn" ("Mười triệu đồng chẵn"), any other amount in "đồng" ("Một trăm linh năm nghìn
  đồng");
- the first letter is upper case; negative amounts start with "Âm".
"""

from decimal import Decimal

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUP_NAMES = ["", "nghìn", "triệu"]


def _read_group(number: int, *, full: bool) -> list[str]:
    """Words for 0 < number < 1000. `full`: the group follows a higher non-empty group, so a
    zero hundreds digit and a zero tens digit are read out ("không trăm", "linh")."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens >= 2 else "một")
    elif units == 4:
        words.append("tư" if tens >= 2 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _read_below_billion(number: int, *, full: bool) -> list[str]:
    """Words for 0 < number < 10**9; `full` as in _read_group, for the leading group."""
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words: list[str] = []
    started = full
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _read_group(group, full=started)
        if _GROUP_NAMES[index]:
            words.append(_GROUP_NAMES[index])
        started = True
    return words


def _read_number(number: int) -> list[str]:
    """Words for a positive integer of any size (billions repeat: "một nghìn tỷ")."""
    chunks = []  # base 10**9, lowest first
    while number:
        number, chunk = divmod(number, 10**9)
        chunks.append(chunk)
    words: list[str] = []
    started = False
    for index in range(len(chunks) - 1, -1, -1):
        chunk = chunks[index]
        if chunk:
            words += _read_below_billion(chunk, full=started)
            started = True
        if index and started:
            words.append("tỷ")
    return words


def number_in_words(number: int) -> str:
    """Integer in words, lower case: 2026 → "hai nghìn không trăm hai mươi sáu"."""
    number = int(number)
    if number == 0:
        return "không"
    prefix = ["âm"] if number < 0 else []
    return " ".join(prefix + _read_number(abs(number)))


def amount_in_words(amount) -> str:
    """Money (VND, whole đồng) in formal words: 10_000_000 → "Mười triệu đồng chẵn"."""
    value = int(Decimal(str(amount)).quantize(Decimal(1)))
    text = number_in_words(value)
    if value == 0:
        text += " đồng"
    elif abs(value) % 1_000_000 == 0:
        text += " đồng chẵn"
    else:
        text += " đồng"
    return text[0].upper() + text[1:]
