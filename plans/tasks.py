"""Background tasks of the plans app."""

from celery import shared_task

from .reminders import send_reminders


@shared_task(name="plans.send_reminders")
def send_plan_reminders() -> int:
    """Daily: late plan tasks and support cases open too long (each sent once per occasion)."""
    return send_reminders()
