from celery import shared_task

from . import mail, services


@shared_task(name="notifications.send_email")
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one e-mail (run through the outbox: a failure is retried, never lost)."""
    return mail.deliver(subject=subject, body=body, to=to)


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    """Beat, daily: the digest e-mail of each user who chose it."""
    return services.digest_send()
