"""E-mail of the evaluations app: plain-text messages sent in one connection after the commit."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction


def message(*, subject: str, body: str, to: str) -> EmailMessage:
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])


def send_after_commit(messages: list[EmailMessage]) -> None:
    """Send once the current transaction commits (nothing leaves if it rolls back)."""
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages))
