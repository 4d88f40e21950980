"""Send again the pending outbox rows (what the beat task does), e.g. after a broker outage."""

from django.core.management.base import BaseCommand

from accounts.models import OutboxMessage
from accounts.outbox import outbox_due, outbox_redispatch


class Command(BaseCommand):
    help = "Gửi lại các việc nền còn chờ (outbox) cho Celery."

    def handle(self, *args, **options):
        due = outbox_due().count()
        sent = outbox_redispatch(limit=max(due, 1))
        pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count()
        self.stdout.write(f"dispatched={sent} due={due} pending={pending}")
        if sent < due:
            self.stderr.write("broker unreachable: the remaining rows stay pending")
