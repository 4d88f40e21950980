"""Background jobs with progress (exports, packages): started by a service, run by Celery.

A runner is a plain function ``runner(job, progress) -> (filename, bytes)`` named by its dotted
path in ``Job.kind``; ``progress(percent)`` stores the progress the page polls (htmx).
Only dotted paths listed in ALLOWED_RUNNER_PREFIXES can run.
"""

from collections.abc import Callable
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Job
from .outbox import outbox_enqueue

ALLOWED_RUNNER_PREFIXES = ("accounts.", "registrations.", "evaluations.", "subsidies.", "promotion.", "stats.")


def _resolve(kind: str) -> Callable:
    if not kind.startswith(ALLOWED_RUNNER_PREFIXES):
        raise ValueError(f"Unknown job runner {kind!r}")
    module_name, _, attr = kind.rpartition(".")
    return getattr(import_module(module_name), attr)


def job_start(*, kind: str, title: str, owner, params: dict | None = None) -> Job:
    """Create a job and queue it once the surrounding transaction commits."""
    _resolve(kind)  # fail early on a typo, not in the worker
    job = Job.objects.create(kind=kind, title=title, owner=owner, params=params or {})
    # Durable: the job's dispatch is an outbox row of this transaction (a broker outage delays it).
    outbox_enqueue("accounts.run_job", str(job.pk))
    return job


def job_is_stuck(job: Job, *, now=None) -> bool:
    """A job still pending or running past OCOP_JOB_TIMEOUT seconds: it may be started again."""
    if job.status not in (Job.Status.PENDING, Job.Status.RUNNING):
        return False
    now = now or timezone.now()
    return job.created_at < now - timedelta(seconds=settings.OCOP_JOB_TIMEOUT)


def job_run(job_id) -> Job:
    """Run a job now (the Celery task calls this); failures are stored on the job."""
    job = Job.objects.get(pk=job_id)
    if job.status == Job.Status.DONE:
        return job
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress=0)

    def progress(percent: int) -> None:
        Job.objects.filter(pk=job.pk).update(progress=max(0, min(100, int(percent))))

    try:
        filename, content = _resolve(job.kind)(job, progress)
    except Exception as exc:  # noqa: BLE001 - store any failure for the user, then re-raise for logs
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    job.refresh_from_db()
    job.result_name = filename
    job.result_file.save(filename, ContentFile(content), save=False)
    job.status = Job.Status.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["result_name", "result_file", "status", "progress", "finished_at"])
    return job
