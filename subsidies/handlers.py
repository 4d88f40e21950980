"""Receivers of the evaluations domain events (evaluations/events.py), connected in
SubsidiesConfig.ready(). They run inside the sender's transaction, so entitlements commit or roll
back with the recognition."""

from evaluations import events

from . import services


def on_recognition_recorded(sender, *, recognition, actor, **kwargs):
    services.entitlements_ensure(recognition=recognition, actor=actor)


def on_recognition_ended(sender, *, recognition, actor, reason="", **kwargs):
    services.entitlements_cancel_for_recognition(recognition=recognition, actor=actor, reason=reason)


def connect() -> None:
    events.recognition_recorded.connect(on_recognition_recorded, dispatch_uid="subsidies.recognition_recorded")
    events.recognition_ended.connect(on_recognition_ended, dispatch_uid="subsidies.recognition_ended")
