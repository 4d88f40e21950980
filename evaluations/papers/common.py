"""What the evaluations papers share: the issuing bodies' codes, number and date text, the council's seats."""

from documents import services
from documents.issuers import signature_for
from documents.layout import Signature
from documents.models import IssuerBody

from ..models import CouncilMember

COUNCIL_BODY, UBND = "hoi_dong_ocop", "ubnd"


def num(value, places=2) -> str:
    """85,50 (Vietnamese decimal comma)."""
    if value is None:
        return "–"
    text = f"{float(value):g}" if places == 0 else f"{float(value):.{places}f}"
    return text.replace(".", ",")


def seat(council, position):
    return next((m for m in council.members.all() if m.position == position), None) if council else None


def person(member) -> str:
    return (member.user.full_name or member.user.username) if member else ""


draft = services.draft


def council_signature(council, unit) -> Signature:
    body = IssuerBody.objects.get(code=COUNCIL_BODY)
    return signature_for(body, unit, name=person(seat(council, CouncilMember.Position.CHAIR)))
