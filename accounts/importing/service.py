"""Services of the bulk import the pages and the command call: preview a file, confirm it,
queue, cancel or restart its run. The run itself is ``accounts.importing.run``."""

import getpass
import hashlib
import socket

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..activity import activity_record
from ..models import Action, ImportJob, ImportRow
from .batches import letter_batches_plan
from .reader import read_file
from .sealing import Sealer
from .tasks import import_accounts_task
from .validation import Preview, check_sheet


def import_preview(*, raw: bytes, file_name: str, sealer: Sealer | None = None) -> Preview:
    """Read and check a file; raises reader.FileError for a file that cannot be used at all."""
    return check_sheet(read_file(raw, file_name), sealer)


@transaction.atomic
def import_job_create(
    *, raw: bytes, file_name: str, by=None, origin: str = "web", supplementary_province=None
) -> tuple[ImportJob, Preview]:
    """Store the preview of an uploaded file: the job and its checked rows. Nothing is written to
    facilities or users until ``import_job_confirm``. ``supplementary_province``: the file is a
    supplementary batch ("Đợt bổ sung") for that province."""
    job = ImportJob.objects.create(
        created_by=by,
        supplementary_province=supplementary_province,
        origin=origin,
        file_name=file_name[:255],
        file_sha256=hashlib.sha256(raw).hexdigest(),
        file_size=len(raw),
    )
    preview = import_preview(raw=raw, file_name=file_name, sealer=Sealer(job.pk))
    for row in preview.rows:
        row.job = job
    ImportRow.objects.bulk_create(preview.rows, batch_size=1000)
    job.layout = {
        **preview.layout.as_json(),
        "kind": preview.sheet.kind,
        "encoding": preview.sheet.encoding,
        "sheet": preview.sheet.sheet_name,
        "skipped": preview.skipped,
        "to_create": preview.count("create"),
        "to_update": preview.count("update"),
    }
    job.blocking_errors = preview.blocking_errors
    job.passwords_supplied = preview.passwords_supplied
    job.total_rows = len(preview.rows)
    job.invalid_rows = len(preview.invalid)
    job.save()
    return job, preview


def cli_origin() -> str:
    try:
        who = getpass.getuser()
    except OSError:
        who = "?"
    return f"cli:{who}@{socket.gethostname()}"


def import_job_confirm(*, job: ImportJob, by=None, queue: bool = True) -> bool:
    """Start the import of a previewed job; False when it cannot be confirmed (any more)."""
    now = timezone.now()
    with transaction.atomic():
        if not job.can_confirm:
            return False
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEW).update(
            status=ImportJob.Status.QUEUED,
            confirmed_by=by,
            confirmed_at=now,
            heartbeat_at=now,
            rejected_count=F("invalid_rows"),
        )
        if not claimed:
            return False
        # Rows found invalid in the preview are rejected now and count as done; no letter will
        # ever carry their (supplied) passwords.
        ImportRow.objects.filter(job=job, status=ImportRow.Status.INVALID).update(
            status=ImportRow.Status.REJECTED, sealed_secret=""
        )
        ImportJob.objects.filter(pk=job.pk).update(rows_done=F("invalid_rows"))
        with translation.override("vi"):
            activity_record(
                actor=by,
                action=Action.IMPORT_CONFIRMED,
                target=job,
                summary=_("Xác nhận nhập tệp %(file)s: %(valid)s dòng hợp lệ, %(invalid)s dòng bị loại")
                % {"file": job.file_name, "valid": job.valid_rows, "invalid": job.invalid_rows},
            )
        letter_batches_plan(job=job)
        if queue:
            import_job_queue(job=job)
    job.refresh_from_db()
    return True


def import_job_queue(*, job: ImportJob):
    transaction.on_commit(lambda: import_accounts_task.delay(job.pk))


def import_job_cancel(*, job: ImportJob) -> bool:
    with transaction.atomic():
        cancelled = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEW).update(
            status=ImportJob.Status.CANCELLED
        )
        if cancelled:
            ImportRow.objects.filter(job=job).update(sealed_secret="")
    return bool(cancelled)


def import_job_restart(*, job: ImportJob) -> bool:
    """Queue again a job whose worker died or failed; rows already committed are not redone."""
    if not job.looks_stalled():
        return False
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.QUEUED, heartbeat_at=timezone.now()
        )
        import_job_queue(job=job)
    return True
