"""Evaluations' side of the procedure: the score source for forwarding, a round's procedure and
level, and the path checks of recognitions. The rules come from the procedure rows
(procedures.selectors); the levels of rounds and recognitions are mapped to the procedure's."""

from decimal import Decimal

from django.db.models import Max

from procedures.models import Level

from .models import Recognition, Round, RoundEntry

# Round.Level / Recognition.IssuerLevel value → procedures Level (the centre is "national" here).
TO_PROCEDURE_LEVEL = {"district": Level.DISTRICT, "province": Level.PROVINCE, "national": Level.CENTRE}
FROM_PROCEDURE_LEVEL = {v: k for k, v in TO_PROCEDURE_LEVEL.items()}

SCORED_STATUSES = (Round.Status.CLOSED, Round.Status.PUBLISHED)


def best_scores(registration_ids: list[int], level: str) -> dict[int, Decimal]:
    """Score source for procedures.paths: each registration's best score from a closed round of `level`."""
    round_level = FROM_PROCEDURE_LEVEL.get(level)
    if round_level is None or not registration_ids:
        return {}
    rows = (
        RoundEntry.objects.filter(registration_id__in=registration_ids, round__level=round_level,
                                  round__status__in=SCORED_STATUSES, score__isnull=False)
        .values("registration_id").annotate(best=Max("score"))
    )
    return {row["registration_id"]: row["best"] for row in rows}


def round_procedure(round_: Round):
    """The procedure a round works under: the one in force on its meeting date (else its deadline)."""
    from procedures.selectors import procedure_in_force

    return procedure_in_force(round_.meeting_date or round_.deadline)


def recognition_path_error(registration, *, level: str, stars: int, procedure) -> str | None:
    """Why no proposal/score path of `procedure` leads to recognising `stars` at `level` (or None).

    A score path: a council of that level scored the product at those stars. A proposal path: the
    level below that forwards to it scored the product at or above its forward threshold, at
    those stars or more (the upper level decides on the lower council's proposal)."""
    from django.utils.translation import gettext as _

    from procedures.selectors import feeding_levels, forward_threshold

    entries = list(
        RoundEntry.objects.filter(registration=registration, round__status__in=SCORED_STATUSES, score__isnull=False)
        .select_related("round")
    )
    by_level: dict[str, list[RoundEntry]] = {}
    for entry in entries:
        by_level.setdefault(TO_PROCEDURE_LEVEL[entry.round.level], []).append(entry)
    if any(e.stars == stars for e in by_level.get(level, [])):
        return None
    for lower in feeding_levels(procedure, level):
        threshold = forward_threshold(procedure, lower)
        for entry in by_level.get(lower, []):
            if (threshold is None or entry.score >= threshold) and (entry.stars or 0) >= stars:
                return None
    return _("Không có kết quả chấm điểm hoặc đề nghị nào theo %(p)s dẫn đến công nhận %(s)s sao ở %(l)s; "
             "nếu quyết định được ban hành ngoài Cổng, hãy ghi nhận dạng “ghi nhận từ ngoài Cổng” kèm lý do và bản chụp quyết định.") % {
        "p": procedure, "s": stars, "l": str(Level(level).label).lower()}


def issuer_unit_of(registration, level: str):
    """The unit of the recognising level for the registration's commune, as units stood then: its
    district (before 2025) or its province (the commune's parent or grandparent); None for the centre."""
    commune = registration.commune
    district = commune.parent if commune.parent_id and commune.parent.kind not in commune.PROVINCE_KINDS else None
    province = district.parent if district is not None else commune.parent
    return {Level.DISTRICT: district, Level.PROVINCE: province}.get(level)


def issuer_level_of(level: str) -> str:
    return FROM_PROCEDURE_LEVEL.get(level, Recognition.IssuerLevel.PROVINCE)


def recognition_options(user, registration) -> list[dict]:
    """What `user` may recognise for the registration, from its procedure (the one in force on the
    date of its work): one option per recognising stage whose level the user may record for
    (permissions.can_record_recognition_at), with the level as a Recognition.IssuerLevel value, its
    unit (None for the centre), the stars of its band and the stage's acting body. Empty when no
    procedure applies or the user records for no recognising level."""
    from procedures.models import Action
    from procedures.selectors import stages
    from registrations.selectors import procedure_of

    from .permissions import can_record_recognition_at

    procedure = procedure_of(registration)
    if procedure is None:
        return []
    options = []
    for stage in stages(procedure, action=Action.RECOGNISE):
        if stage.level not in FROM_PROCEDURE_LEVEL or not can_record_recognition_at(user, registration, stage.level):
            continue
        options.append({
            "issuer_level": FROM_PROCEDURE_LEVEL[stage.level], "level": stage.level,
            "unit": issuer_unit_of(registration, stage.level),
            "stars": list(range(stage.min_stars, stage.max_stars + 1)), "actor": stage.actor,
        })
    return options


def centre_levels(procedure) -> list[tuple[str, Decimal | None]]:
    """(level, forward threshold) of each level whose forward stage sends products to the centre."""
    from procedures.selectors import feeding_levels, forward_threshold

    return [(lower, forward_threshold(procedure, lower)) for lower in feeding_levels(procedure, Level.CENTRE)]
