"""The worker side of large documents built in the background, with the exports' progress bar
(ExportJob): a letter batch's ZIP of account notices, whose PDF has a page per facility. Only
the Celery task calls ``document_job_run``; pages queue it with
``reports.document_services.letter_job_create``."""

import logging

from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone

from accounts.importing.batches import get_letter_batch_to_download, letter_batch_take

from .models import ExportJob

logger = logging.getLogger(__name__)
LETTERS = "letters"
PROGRESS_SQL = "UPDATE reports_exportjob SET done = %s WHERE id = %s"


class SideProgress:
    """The job's progress written on a database connection of its own: the letters are built
    inside letter_batch_take's transaction (take once, wipe the secrets), whose writes the
    polling page cannot see before it commits. PostgreSQL only: SQLite (the demo) has one
    writer, and there the bar moves when the build ends."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.conn = (
            connections.create_connection(DEFAULT_DB_ALIAS) if connection.vendor == "postgresql" else None
        )

    def __call__(self, done: int):
        if self.conn is None:
            return
        try:
            with self.conn.cursor() as cursor:
                cursor.execute(PROGRESS_SQL, [done, self.job_id])
        except DatabaseError:
            logger.warning("could not record the progress of document job %s", self.job_id, exc_info=True)

    def close(self):
        if self.conn is not None:
            self.conn.close()


def document_job_run(*, job_id: int) -> None:
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.is_finished:
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    try:
        batch_id = int(job.params.removeprefix("lo="))
        # The holder is checked again: the officer may have moved office since asking.
        batch = get_letter_batch_to_download(job.user, batch_id)

        def progress(done):
            ExportJob.objects.filter(pk=job.pk).update(done=min(done, job.total))

        taken = letter_batch_take(batch=batch, by=job.user, progress=progress)
        if taken is None:
            raise ValueError("Thư tài khoản này đã được tải, đã hết hạn hoặc đã được cấp lại.")
        content, _count = taken
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        job.file.save(
            f"thu-tai-khoan-{batch.job_id}-{batch.pk}-{stamp}.zip", ContentFile(content), save=False
        )
        job.status = ExportJob.Status.DONE
        job.done = job.total
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "done", "finished_at"])
    except Exception as e:
        logger.exception("document job %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(e)[:500], finished_at=timezone.now()
        )
        raise


def document_job_take(job: ExportJob) -> tuple[bytes, str] | None:
    """A finished letters file, once: it holds initial passwords, so it is deleted as it is
    served (the hourly purge removes any left behind)."""
    with transaction.atomic():
        locked = ExportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ExportJob.Status.DONE or not locked.file:
            return None
        name = locked.file.name.rsplit("/", 1)[-1]
        with locked.file.open("rb") as fh:
            content = fh.read()
        locked.file.delete(save=False)
        locked.file = ""
        locked.save(update_fields=["file"])
    return content, name
