"""E-mail of the evaluations app goes through the portal's one e-mail path (notifications.mail:
an outbox row in the transaction, sent by Celery after the commit)."""

from notifications.mail import message, send_after_commit

__all__ = ["message", "send_after_commit"]
