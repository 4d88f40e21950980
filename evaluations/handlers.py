"""Receivers of the registrations domain events (registrations/events.py), connected in
EvaluationsConfig.ready(). They run inside the sender's transaction."""

from registrations import events

from . import services


def on_category_corrected(sender, *, registration, actor, **kwargs):
    services.entries_follow_category(registration=registration, actor=actor)


def connect() -> None:
    events.registration_category_corrected.connect(on_category_corrected,
                                                   dispatch_uid="evaluations.category_corrected")
