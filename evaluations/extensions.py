"""Seams through which higher apps add to the evaluations pages without evaluations importing them
(the chain stays one-way: subsidies registers a provider in its AppConfig.ready()).

SUPPORT_STATUS_PROVIDERS
    callables ``provider(recognitions: list[Recognition], user) -> dict[recognition pk, list[SupportLine]]``
    run once per page for all its recognitions (a fixed number of queries). The subsidies app says,
    for each recognition, what each support policy owes and where it stands, or that no support
    policy applies.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SupportLine:
    text: str
    tone: str = "secondary"  # a Bootstrap colour: secondary, success, warning, info
    url: str = ""


SUPPORT_STATUS_PROVIDERS: list = []


def support_status(recognitions, user) -> dict[int, list[SupportLine]]:
    """Every provider's lines per recognition pk (an empty dict when no app provides any)."""
    recognitions = [r for r in recognitions if r is not None]
    result: dict[int, list[SupportLine]] = {}
    if not recognitions:
        return result
    for provider in SUPPORT_STATUS_PROVIDERS:
        for pk, lines in provider(recognitions, user).items():
            result.setdefault(pk, []).extend(lines)
    return result
