"""The portal's one e-mail path: a message is an outbox row of the current transaction (accounts.outbox),
sent by the Celery task ``notifications.send_email`` after the commit. Nothing leaves if the
transaction rolls back; a broker or mail-server failure leaves the row pending and retried, never
an error page. Subjects are folded to one line (a line break would raise BadHeaderError)."""

from dataclasses import dataclass

from accounts.outbox import outbox_enqueue


@dataclass
class Message:
    subject: str
    body: str
    to: list[str]


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def message(*, subject: str, body: str, to) -> Message:
    return Message(subject=one_line(subject), body=str(body), to=[to] if isinstance(to, str) else list(to))


def send_after_commit(messages: list[Message]) -> None:
    """Record each message in the outbox now; they are sent after the commit (one task each)."""
    for m in messages:
        if m.to:
            outbox_enqueue("notifications.send_email", subject=m.subject, body=m.body, to=m.to)


def deliver(*, subject: str, body: str, to: list[str]) -> int:
    """Send now (the worker's side)."""
    from django.conf import settings
    from django.core.mail import EmailMessage

    return EmailMessage(subject=one_line(subject), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to).send()
