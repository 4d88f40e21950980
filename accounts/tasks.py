from celery import shared_task

from .jobs import job_run


@shared_task(name="accounts.run_job")
def run_job(job_id: str) -> str:
    return job_run(job_id).status
