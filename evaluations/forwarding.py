"""What the evaluations app adds to a forwarding package for the province, and the forwarding of
a round's proposed products through registrations.services.forwarding_create."""

from django.db import transaction

from registrations.services import forwarding_create

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


@transaction.atomic
def round_forward_proposals(*, round: Round, actor, letter_number: str, letter_date, signer: str,
                            confirm_missing: bool = False):
    """Forward the round's proposed products (at or above the procedure's forward threshold of the
    round's level) to the next level."""
    registrations = [e.registration for e in proposed_to_forward(round)]
    return forwarding_create(
        district=round.district, year=round.year, registrations=registrations, letter_number=letter_number,
        letter_date=letter_date, signer=signer, actor=actor, confirm_missing=confirm_missing,
        purpose=f"Đề nghị đánh giá, xếp hạng và công nhận sản phẩm OCOP ({round.title})",
    )
