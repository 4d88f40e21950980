"""Reading the procedure in force: who pre-assesses, scores, recognises and forwards, by date.

Every rule is read from the Stage rows of the procedure; nothing here names a procedure. Callers
pass a Procedure from `procedure_in_force()` (stages prefetched, so the helpers run no query).
"""

import datetime
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.models import AdministrativeUnit

from .models import LEVEL_ORDER, Action, Level, Procedure, Stage


def _with_stages():
    return Procedure.objects.prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("order")))


def procedure_in_force(on: datetime.date | None = None) -> Procedure | None:
    """The procedure whose validity period contains `on` (default: today), or None."""
    on = on or timezone.localdate()
    return (
        _with_stages().filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from").first()
    )


def procedure_by_pk(pk) -> Procedure:
    return _with_stages().get(pk=pk)


def all_procedures():
    return _with_stages().order_by("valid_from")


def stages(procedure: Procedure, *, level: str | None = None, action: str | None = None) -> list[Stage]:
    return [
        s for s in procedure.stages.all()
        if (level is None or s.level == level) and (action is None or s.action == action)
    ]


def levels(procedure: Procedure) -> list[str]:
    """The levels that act under the procedure, lowest first."""
    present = {s.level for s in procedure.stages.all()}
    return [level for level in LEVEL_ORDER if level in present]


def has_level(procedure: Procedure, level: str) -> bool:
    return level in levels(procedure)


def scores_at(procedure: Procedure, level: str) -> bool:
    """Does a council of this level score products under the procedure?"""
    return bool(stages(procedure, level=level, action=Action.SCORE))


def scoring_levels(procedure: Procedure) -> list[str]:
    return [level for level in levels(procedure) if scores_at(procedure, level)]


def pre_assesses_at(procedure: Procedure, level: str) -> bool:
    return bool(stages(procedure, level=level, action=Action.PRE_ASSESS))


def recognition_band(procedure: Procedure, level: str) -> tuple[int, int] | None:
    """(min, max) stars the level may recognise, or None if it recognises nothing."""
    found = stages(procedure, level=level, action=Action.RECOGNISE)
    if not found:
        return None
    return min(s.min_stars for s in found), max(s.max_stars for s in found)


def may_recognise(procedure: Procedure, level: str, stars: int) -> bool:
    return any(s.min_stars <= stars <= s.max_stars for s in stages(procedure, level=level, action=Action.RECOGNISE))


def recognising_level(procedure: Procedure, stars: int) -> str | None:
    for stage in stages(procedure, action=Action.RECOGNISE):
        if stage.min_stars <= stars <= stage.max_stars:
            return stage.level
    return None


def forward_stage(procedure: Procedure, from_level: str) -> Stage | None:
    found = stages(procedure, level=from_level, action=Action.FORWARD)
    return found[0] if found else None


def forward_threshold(procedure: Procedure, from_level: str) -> Decimal | None:
    """Points needed to forward from `from_level` (None: no threshold, or no forwarding at all)."""
    stage = forward_stage(procedure, from_level)
    return stage.forward_min_points if stage else None


def may_forward(procedure: Procedure, from_level: str, score) -> bool:
    """May a product with `score` (None: not scored) be forwarded from `from_level`?

    Only a level with a forward stage forwards; where that stage sets points, the product must have
    been scored at or above them."""
    stage = forward_stage(procedure, from_level)
    if stage is None:
        return False
    if stage.forward_min_points is None:
        return True
    return score is not None and Decimal(score) >= stage.forward_min_points


def feeding_levels(procedure: Procedure, level: str) -> list[str]:
    """The levels whose forward stage sends products to `level` (the path into its rounds)."""
    return [s.level for s in stages(procedure, action=Action.FORWARD) if s.to_level == level]


def level_of_unit(unit: AdministrativeUnit | None) -> str | None:
    if unit is None:
        return None
    if unit.kind in AdministrativeUnit.PROVINCE_KINDS:
        return Level.PROVINCE
    if unit.kind in AdministrativeUnit.DISTRICT_KINDS:
        return Level.DISTRICT
    if unit.kind in AdministrativeUnit.COMMUNE_KINDS:
        return Level.COMMUNE
    return None


def describe(procedure: Procedure) -> dict:
    """What the public page and the command print: the steps, by level, from the data."""
    by_level = []
    for level in levels(procedure):
        steps = stages(procedure, level=level)
        by_level.append({
            "level": level,
            "label": Level(level).label,
            "steps": [
                {
                    "stage": s,
                    "action": Action(s.action).label,
                    "band": (s.min_stars, s.max_stars) if s.action == Action.RECOGNISE else None,
                    "to": Level(s.to_level).label if s.to_level else "",
                    "documents": s.document_list,
                }
                for s in steps
            ],
        })
    absent = [Level(level).label for level in LEVEL_ORDER if level not in levels(procedure)]
    return {"procedure": procedure, "levels": by_level, "absent": absent}
