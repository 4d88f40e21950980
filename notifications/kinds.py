"""Notification kinds: each domain app registers the kinds it sends (in its handlers.connect()), so
this app imports no domain app. The preferences page lists the registered kinds."""

KINDS: dict[str, str] = {}


def register_kind(code: str, label) -> None:
    KINDS[code] = label


def kind_label(code: str) -> str:
    return str(KINDS.get(code, code))
