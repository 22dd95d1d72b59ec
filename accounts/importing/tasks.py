"""Celery tasks of the bulk import: thin, each takes an id and calls the run service."""

from celery import shared_task

from .run import import_job_run, import_secrets_wipe


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_accounts_task(job_id: int):
    """acks_late: if the worker dies midway the broker hands the job to another worker, which
    finishes the rows not yet committed."""
    import_job_run(job_id=job_id)


@shared_task
def wipe_import_secrets_task():
    import_secrets_wipe()
