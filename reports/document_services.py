"""Queueing the documents built in the background (reports.document_jobs)."""

from django.db import transaction

from .document_jobs import LETTERS
from .models import ExportJob
from .tasks import document_job_run_task


def letter_job_create(*, user, batch) -> ExportJob:
    """Queue the build of a letter batch the user holds (the caller checked). Asking again
    while one is pending returns that one, so a double click builds once. The Nhật ký line is
    written when the batch is taken (letter_batch_take), as for a direct download."""
    params = f"lo={batch.pk}"
    with transaction.atomic():
        pending = ExportJob.objects.filter(
            user=user,
            kind=LETTERS,
            params=params,
            status__in=[ExportJob.Status.PENDING, ExportJob.Status.RUNNING],
        ).first()
        if pending is not None:
            return pending
        job = ExportJob.objects.create(
            user=user,
            kind=LETTERS,
            fmt="zip",
            params=params,
            title=f"Thư tài khoản — {batch.holder_label()}",
            total=batch.rows.filter(status="created", facility__isnull=False).count(),
        )
        transaction.on_commit(lambda: document_job_run_task.delay(job.pk))
    return job
