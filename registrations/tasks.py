"""Celery tasks of the registrations app (scheduled by beat: settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .reminders import send_reminders


@shared_task(name="registrations.send_reminders")
def send_registration_reminders() -> int:
    """Daily: list deadlines and returned dossiers not resubmitted (each sent once per occasion)."""
    return send_reminders()
