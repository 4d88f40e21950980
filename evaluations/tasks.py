"""Celery tasks of the evaluations app: the daily notice of certificates about to expire (scheduled
by Celery beat, see apps.EvaluationsConfig.ready)."""

from celery import shared_task

from . import services


@shared_task(name="evaluations.notify_expiring_certificates")
def notify_expiring_certificates() -> int:
    """E-mail the agriculture office and the commune about the certificates entering the notice
    period (setting OCOP_CERTIFICATE_EXPIRY_NOTICE_DAYS, default 30). Returns the e-mails sent."""
    return services.recognition_expiry_notify()


@shared_task(name="evaluations.send_reminders")
def send_reminders() -> int:
    """Daily: round deadlines, to the members who have not submitted their sheets (once per occasion)."""
    from .reminders import send_reminders as run

    return run()
