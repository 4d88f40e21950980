"""What the evaluations app adds to a forwarding package for the province, and the forwarding of
a round's proposed products through registrations.services.forwarding_create."""

from django.db import transaction

from registrations.services import forwarding_create, split_forwardable

from . import exports
from .models import Round, RoundEntry


def council_results_files(forwarding) -> list[tuple[str, bytes]]:
    """The minutes and the results workbook of every closed round holding a forwarded product."""
    rounds = Round.objects.filter(
        entries__registration__in=forwarding.registrations.all(),
        status__in=[Round.Status.CLOSED, Round.Status.PUBLISHED],
    ).distinct()
    files = []
    for round_ in rounds:
        stem = f"hoi-dong-{round_.year}-dot-{round_.number}"
        files.append((f"{stem}-bien-ban.pdf", exports.minutes_pdf(round_, user=forwarding.created_by)))
        files.append((f"{stem}-ket-qua.xlsx", exports.results_xlsx(round_)))
    return files


def proposed_to_forward(round_: Round):
    """Published proposals of the round that are still only accepted (not forwarded yet)."""
    return RoundEntry.objects.filter(round=round_, proposed=True, round__status=Round.Status.PUBLISHED,
                                     registration__status="accepted").select_related("registration")


def forwardable_proposals(round_: Round) -> list[RoundEntry]:
    """The round's proposed products that its level forwards under their procedure: at or above its
    forward points. Under 148 a district's 3★ proposals (50–69 points) stay: the district recognises
    them itself and forwards only from 70."""
    entries = list(proposed_to_forward(round_).select_related("registration__product", "registration__commune"))
    ok, _refusals = split_forwardable([e.registration for e in entries], round_.district)
    forwardable = {r.pk for r in ok}
    return [e for e in entries if e.registration_id in forwardable]


@transaction.atomic
def round_forward_proposals(*, round: Round, actor, letter_number: str, letter_date, signer: str,
                            confirm_missing: bool = False):
    """Forward the round's proposed products at or above the procedure's forward threshold of the
    round's level (forwardable_proposals) to the next level."""
    registrations = [e.registration for e in forwardable_proposals(round)]
    return forwarding_create(
        district=round.district, year=round.year, registrations=registrations, letter_number=letter_number,
        letter_date=letter_date, signer=signer, actor=actor, confirm_missing=confirm_missing,
        purpose=f"Đề nghị đánh giá, xếp hạng và công nhận sản phẩm OCOP ({round.title})",
    )
