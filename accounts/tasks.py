from celery import shared_task

from .jobs import job_run
from .outbox import outbox_purge, outbox_redispatch, outbox_run


@shared_task(name="accounts.run_job")
def run_job(job_id: str) -> str:
    return job_run(job_id).status


@shared_task(name="accounts.run_outbox")
def run_outbox(pk: int) -> str:
    """Run one outbox row (claimed once; see accounts.outbox)."""
    return outbox_run(pk)


@shared_task(name="accounts.outbox_redispatch")
def redispatch_outbox() -> int:
    """Beat: send again the outbox rows still pending (e.g. after a broker outage); forget old done rows."""
    outbox_purge()
    return outbox_redispatch()
