"""The seam through which the workflow apps tell each other where a product stands on the path.

`procedures` imports no domain app. The app that scores (evaluations) registers a *score source*
in its AppConfig.ready(); the app that forwards (registrations) asks it for the scores a council
of a level gave, to apply the procedure's forward threshold::

    from procedures.paths import register_score_source
    register_score_source(best_scores)        # best_scores(registration_ids, level) -> {id: Decimal}

    from procedures.paths import scores_at
    scores_at([12, 13], "district")           # {12: Decimal("55.00")} (13 never scored there)
"""

from collections.abc import Callable, Iterable
from decimal import Decimal

ScoreSource = Callable[[list[int], str], dict[int, Decimal]]

_sources: list[ScoreSource] = []


def register_score_source(source: ScoreSource) -> None:
    if source not in _sources:
        _sources.append(source)


def unregister_score_source(source: ScoreSource) -> None:
    if source in _sources:
        _sources.remove(source)


def scores_at(registration_ids: Iterable[int], level: str) -> dict[int, Decimal]:
    """The best score each registration got from a council of `level` (absent: never scored)."""
    ids = list(registration_ids)
    found: dict[int, Decimal] = {}
    for source in _sources:
        for pk, score in source(ids, level).items():
            if score is not None and (pk not in found or score > found[pk]):
                found[pk] = score
    return found
