"""Celery application. Without CELERY_BROKER_URL tasks run eagerly (see settings.base)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings.local")

app = Celery("ocop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="ocop_portal.ping")
def ping(value: str) -> str:
    """Round-trip task used by the health check and the broker integration test."""
    return f"pong:{value}"
