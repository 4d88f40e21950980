"""/healthz/: database and broker state as JSON, for load balancers and monitoring."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception as exc:  # noqa: BLE001 - report any failure as a state, never a 500
        return f"error: {exc.__class__.__name__}"


def _broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    from ocop_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


def _outbox_backlog() -> int | None:
    """Outbox rows waiting to be (re)dispatched: grows while the broker is down (informative only)."""
    from accounts.outbox import outbox_due

    try:
        return outbox_due().count()
    except Exception:  # noqa: BLE001
        return None


def healthz(request):
    database, broker = _database_state(), _broker_state()
    healthy = database == "ok" and broker in ("ok", "eager")
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "broker": broker,
         "outbox_due": _outbox_backlog() if database == "ok" else None},
        status=200 if healthy else 503,
    )
