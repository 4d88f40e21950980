"""The issuer of a document from data: the unit valid on the document's date and the issuing body.

A record keeps the unit it was made in (a 2021 list stays under "huyện Lục Nam"); when that unit
was not valid on the date (a later merger, an earlier split) its predecessor or successor valid
on that date issues. Never read from a setting.
"""

import datetime

from accounts.models import AdministrativeUnit

from .layout import Issuer, Signature
from .models import IssuerBody


def unit_on(unit: AdministrativeUnit, day: datetime.date) -> AdministrativeUnit:
    """`unit` if valid on `day`, else the predecessor or successor (followed through links) valid then."""
    if unit.is_valid_on(day):
        return unit
    seen, frontier = {unit.pk}, [unit]
    while frontier:
        current = frontier.pop(0)
        neighbours = list(current.predecessors.all())
        if current.successor_id:
            neighbours.append(current.successor)
        for other in neighbours:
            if other.pk in seen:
                continue
            if other.is_valid_on(day):
                return other
            seen.add(other.pk)
            frontier.append(other)
    return unit


def _unit_words(unit: AdministrativeUnit | None) -> str:
    """"huyện Lục Nam", "xã Bảo Sơn", "tỉnh Bắc Giang"."""
    if unit is None:
        return ""
    return unit.in_sentence


def fill(pattern: str, unit: AdministrativeUnit) -> str:
    words, parent = _unit_words(unit), _unit_words(unit.parent if unit.parent_id else None)
    return pattern.format(unit=words, UNIT=words.upper(), parent=parent, PARENT=parent.upper())


def issuer_for(body: IssuerBody, unit: AdministrativeUnit, day: datetime.date) -> Issuer:
    """The issuer block: "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM", or the superior line then the office."""
    unit = unit_on(unit, day)
    return Issuer(name=fill(body.name, unit).upper(), superior=fill(body.superior, unit).upper(), place=unit.name)


def issuer_name(body: IssuerBody, unit: AdministrativeUnit, day: datetime.date) -> str:
    """The issuer's full name on one line: "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM"."""
    return issuer_for(body, unit, day).full_name


def signature_for(body: IssuerBody, unit: AdministrativeUnit, *, name: str = "", authority: str | None = None,
                  title: str = "", on_behalf: str = "") -> Signature:
    """The signature block by the body's authority: "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / name".

    `authority` "KT." (a deputy signs for the head: on_behalf is the head's title), "Q." (acting),
    "TL." / "TUQ." (by order / by authorisation of the head) overrides the body's default."""
    authority = body.signing_authority if authority is None else authority
    if authority == "TM.":
        on_behalf = on_behalf or body.signing_collective
    elif authority in ("KT.", "TL.", "TUQ."):
        on_behalf = on_behalf or body.signer_title
    return Signature(title=title or body.signer_title, name=name, authority=authority, on_behalf=on_behalf)
