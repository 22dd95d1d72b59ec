from celery import shared_task


@shared_task
def export_job_run_task(job_id: int):
    from .services import export_job_run

    export_job_run(job_id=job_id)


@shared_task
def export_jobs_purge_task():
    from .services import export_jobs_purge

    export_jobs_purge()
