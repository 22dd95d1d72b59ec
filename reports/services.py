"""Services the officer pages call: queue a background export."""

from django.db import transaction

from .models import ExportJob
from .tasks import export_job_run_task


def export_job_create(*, user, fmt: str, params: str, title: str, total: int) -> ExportJob:
    job = ExportJob.objects.create(user=user, fmt=fmt, params=params, title=title, total=total)
    transaction.on_commit(lambda: export_job_run_task.delay(job.pk))
    return job
