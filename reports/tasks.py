"""Celery tasks: thin, idempotent, each calls one service."""

import logging

from celery import shared_task
from django.db import transaction

from accounts.models import ImportJob
from assessments.report_links import relink_reports

from .contacts import next_steps_remind
from .digests import digests_send
from .export_jobs import export_job_run, export_jobs_purge
from .flags import flags_scan
from .reminders import reminders_send
from .supplementary import supplementary_catch_up, supplementary_notify

logger = logging.getLogger(__name__)


@shared_task
def export_job_run_task(job_id: int):
    export_job_run(job_id=job_id)


@shared_task
def export_jobs_purge_task():
    export_jobs_purge()


@shared_task
def scan_flags_task(facility_ids=None):
    result = flags_scan(facility_ids=facility_ids)
    return {"opened": result.opened, "closed": result.closed, "notified": result.notified}


@shared_task
def send_digests_task():
    return digests_send()


@shared_task
def send_reminders_task():
    return reminders_send()


@shared_task
def remind_next_steps_task():
    return next_steps_remind()


def _send_scan(facility_ids):
    try:
        # One quick attempt: with the broker down, kombu's default reconnect loop would hold
        # the signing response for seconds.
        with scan_flags_task.app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
            scan_flags_task.apply_async(kwargs={"facility_ids": facility_ids}, connection=conn, retry=False)
    except Exception:
        logger.warning("Could not queue a flag scan; the next scheduled scan will catch up", exc_info=True)


def queue_scan(facility_ids: list[int]) -> None:
    """Ask for a scan of these facilities once the current transaction commits (e.g. after
    signing), so their flags change within seconds. Never raises: the scheduled scan is the
    source of truth, so a broker that is down only delays the update."""
    transaction.on_commit(lambda: _send_scan(facility_ids))


def queue_scan_after_signing(sender, *, facility_id, **kwargs):
    """Receiver of ``assessments.signals.assessment_signed``."""
    queue_scan([facility_id])


@shared_task
def relink_reports_task():
    relink_reports()


def queue_relink_reports(sender, *, template_id, **kwargs):
    """Receiver of ``checklists.signals.template_required_changed`` (sent on commit)."""
    try:
        relink_reports_task.delay()
    except Exception:
        logger.exception("Could not queue relinking the reports after template %s changed", template_id)


@shared_task
def notify_supplementary_task(job_id: int):
    return supplementary_notify(job_id=job_id)


@shared_task
def notify_supplementary_catch_up_task():
    return supplementary_catch_up()


def queue_supplementary_notice(sender, *, job_id, **kwargs):
    """Receiver of ``accounts.signals.import_done`` (sent once the job's end is committed). Never
    raises: the import is done whatever happens to its notice, which the beat task catches up."""
    if not ImportJob.objects.filter(pk=job_id, supplementary_province__isnull=False).exists():
        return
    try:
        notify_supplementary_task.delay(job_id)
    except Exception:
        logger.warning("Could not queue the supplementary notice of import %s", job_id, exc_info=True)
