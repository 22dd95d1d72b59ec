from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_accounts_task(job_id: int):
    """acks_late: if the worker dies midway the broker hands the job to another worker, which
    finishes the rows not yet committed."""
    from .importing.service import import_job_run

    import_job_run(job_id=job_id)


@shared_task
def wipe_import_secrets_task():
    from .importing.service import import_secrets_wipe

    import_secrets_wipe()
