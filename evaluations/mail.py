"""E-mail of the evaluations app: plain-text messages sent in one connection after the commit."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from accounts.text import one_line


def message(*, subject: str, body: str, to: str) -> EmailMessage:
    """A message whose headers are checked now, in the caller's transaction: a subject with a line
    break is folded, and any header still invalid raises here instead of after the commit."""
    email = EmailMessage(subject=one_line(subject), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[one_line(to)])
    email.message()  # builds the headers: BadHeaderError now, not when sending
    return email


def send_after_commit(messages: list[EmailMessage]) -> None:
    """Send once the current transaction commits (nothing leaves if it rolls back)."""
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages))
