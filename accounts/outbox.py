"""Durable background work: the outbox.

A service records the work (a Celery task name and its JSON arguments) as an ``OutboxMessage`` row
inside its own transaction, and the row is handed to the broker once the transaction commits. If
the broker cannot be reached the request still succeeds: the row stays PENDING and the beat task
``accounts.outbox_redispatch`` (or ``manage.py outbox_dispatch``) sends it again until it goes.

A worker claims a row with one conditional UPDATE (PENDING → RUNNING), so the work runs once even
when the row was dispatched twice; a failure puts the row back to PENDING (retried later) until
``OCOP_OUTBOX_MAX_ATTEMPTS``, then FAILED. A RUNNING row whose worker died is claimable again after
``OCOP_OUTBOX_CLAIM_TIMEOUT`` seconds.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OutboxMessage
from .permissions import can_requeue_outbox
from .workflow import ensure, record_event

log = logging.getLogger(__name__)

# After a failed dispatch, a process does not try the broker again for this many seconds from the
# request side (each try against a dead broker costs ~2 s); the beat task and command always try.
BROKER_BACKOFF_SECONDS = 30
_broker_down_until = 0.0


def outbox_enqueue(task: str, *args, **kwargs) -> OutboxMessage:
    """Record `task(*args, **kwargs)` in the current transaction; dispatch it after the commit."""
    row = OutboxMessage.objects.create(task=task, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: outbox_dispatch(row.pk))
    return row


def outbox_dispatch(pk: int, *, force: bool = False) -> bool:
    """Hand one row to the broker. Never raises: on a broker error the row stays pending (False).
    Unless `force`, skips the broker for BROKER_BACKOFF_SECONDS after a failure in this process."""
    global _broker_down_until
    from .tasks import run_outbox

    if not force and time.monotonic() < _broker_down_until:
        return False
    try:
        run_outbox.apply_async(args=[pk], retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure only delays the work
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        log.warning("outbox %s not dispatched (%s: %s); it stays pending", pk, exc.__class__.__name__, exc)
        OutboxMessage.objects.filter(pk=pk).update(last_error=f"dispatch: {exc.__class__.__name__}: {exc}"[:2000])
        return False
    _broker_down_until = 0.0
    OutboxMessage.objects.filter(pk=pk).update(dispatched_at=timezone.now())
    return True


def outbox_run(pk: int) -> str:
    """Claim a row and run its task here (the worker's side). Returns done, skipped, retry or failed."""
    from ocop_portal.celery import app

    now = timezone.now()
    stale = now - timedelta(seconds=settings.OCOP_OUTBOX_CLAIM_TIMEOUT)
    claimed = (
        OutboxMessage.objects.filter(pk=pk)
        .filter(Q(status=OutboxMessage.Status.PENDING) | Q(status=OutboxMessage.Status.RUNNING, claimed_at__lt=stale))
        .update(status=OutboxMessage.Status.RUNNING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"  # already done, or running elsewhere
    row = OutboxMessage.objects.get(pk=pk)
    try:
        if row.task not in app.tasks:
            app.loader.import_default_modules()  # the web process discovers tasks lazily
        app.tasks[row.task](*row.args, **row.kwargs)
    except Exception as exc:  # noqa: BLE001 - stored on the row; retried by the beat task
        log.exception("outbox %s (%s) failed", pk, row.task)
        final = row.attempts >= settings.OCOP_OUTBOX_MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=pk).update(
            status=OutboxMessage.Status.FAILED if final else OutboxMessage.Status.PENDING,
            claimed_at=None, last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
        )
        return "failed" if final else "retry"
    OutboxMessage.objects.filter(pk=pk).update(status=OutboxMessage.Status.DONE, done_at=timezone.now(), last_error="")
    return "done"


def outbox_due():
    """Rows to send again: pending and not dispatched lately, or running past the claim timeout."""
    now = timezone.now()
    recent = now - timedelta(seconds=settings.OCOP_OUTBOX_REDISPATCH_AFTER)
    stale = now - timedelta(seconds=settings.OCOP_OUTBOX_CLAIM_TIMEOUT)
    return OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.PENDING, dispatched_at__isnull=True)
        | Q(status=OutboxMessage.Status.PENDING, dispatched_at__lt=recent)
        | Q(status=OutboxMessage.Status.RUNNING, claimed_at__lt=stale)
    ).order_by("created_at", "pk")


def outbox_redispatch(*, limit: int = 500) -> int:
    """Dispatch due rows (beat task and command); stops at the first broker error. Returns rows sent."""
    sent = 0
    for pk in outbox_due().values_list("pk", flat=True)[:limit]:
        if not outbox_dispatch(pk, force=True):
            break
        sent += 1
    return sent


def outbox_requeueable():
    """Rows an administrator may send again: failed (out of attempts), or running past the claim
    timeout (their worker died)."""
    stale = timezone.now() - timedelta(seconds=settings.OCOP_OUTBOX_CLAIM_TIMEOUT)
    return OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.FAILED) | Q(status=OutboxMessage.Status.RUNNING, claimed_at__lt=stale)
    )


@transaction.atomic
def outbox_requeue(*, messages, actor) -> list[OutboxMessage]:
    """Put the failed or stuck rows among `messages` back to PENDING with a fresh count of attempts,
    write a history row for each, and dispatch them after the commit. Other rows (pending, done, or
    running within the claim timeout) are left alone. Returns the rows re-queued."""
    ensure(can_requeue_outbox(actor), _("Bạn không có quyền gửi lại việc chờ gửi."))
    pks = [m.pk for m in messages]
    rows = list(outbox_requeueable().select_for_update().filter(pk__in=pks).order_by("pk"))
    for row in rows:
        note = _("Trạng thái trước: %(status)s, %(n)d lần thử. %(error)s") % {
            "status": row.get_status_display(), "n": row.attempts, "error": row.last_error[:500]}
        row.status, row.attempts, row.claimed_at, row.dispatched_at = OutboxMessage.Status.PENDING, 0, None, None
        row.save(update_fields=["status", "attempts", "claimed_at", "dispatched_at"])
        record_event(row, actor=actor, label="outbox_requeued", workflow="outbox", note=note.strip())
        transaction.on_commit(lambda pk=row.pk: outbox_dispatch(pk, force=True))
    return rows


def outbox_purge(*, keep_days: int = 30) -> int:
    """Delete rows done more than `keep_days` ago (failed and pending rows are kept for inspection)."""
    cutoff = timezone.now() - timedelta(days=keep_days)
    deleted, _ = OutboxMessage.objects.filter(status=OutboxMessage.Status.DONE, done_at__lt=cutoff).delete()
    return deleted
