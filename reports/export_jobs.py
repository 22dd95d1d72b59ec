"""The worker side of background exports: build the file of an export job, purge old ones.
Only the Celery tasks call these."""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.http import QueryDict
from django.utils import timezone

from safemap import db_router
from safemap.spreadsheets import export_filename, write_table

from .exports import FACILITY_COLUMNS, facility_rows
from .models import ExportJob
from .selectors import facility_list_for

logger = logging.getLogger(__name__)


def export_jobs_purge(*, now=None) -> int:
    """Delete export files older than EXPORT_KEEP_HOURS: they hold personal contact data."""
    now = now or timezone.now()
    old = ExportJob.objects.filter(created_at__lt=now - timedelta(hours=settings.EXPORT_KEEP_HOURS))
    for job in old.exclude(file=""):
        job.file.delete(save=False)
    return old.delete()[0]


def export_job_run(*, job_id: int) -> None:
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.is_finished:
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    now = timezone.now()
    try:
        _form, facilities = facility_list_for(job.user, QueryDict(job.params), now)
        facilities = facilities.using(db_router.replica_alias())

        def progress(done):
            ExportJob.objects.filter(pk=job.pk).update(done=done)

        with tempfile.TemporaryFile() as fh:
            write_table(
                facility_rows(facilities, now),
                fh,
                fmt=job.fmt,
                columns=FACILITY_COLUMNS,
                sheet_title="Danh sách",
                progress=progress,
            )
            fh.seek(0)
            job.file.save(export_filename("danh-sach-co-so", job.fmt), File(fh), save=False)
        job.status = ExportJob.Status.DONE
        job.done = job.total
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "done", "finished_at"])
    except Exception as e:
        logger.exception("export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(e)[:500], finished_at=timezone.now()
        )
        raise
