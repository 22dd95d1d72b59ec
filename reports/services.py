"""Services the officer pages call: correct a facility's data, queue a background export,
record a download. Each writes its Nhật ký line in the transaction of the change."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.activity import activity_record, field_changes
from accounts.models import Action

from .models import ExportJob
from .tasks import export_job_run_task


def facility_correction_save(*, form, before: dict, by):
    """Save an officer's FacilityCorrectionForm; ``before`` is ``field_values`` taken before
    the form was bound (validating it changes the instance)."""
    with transaction.atomic():
        facility = form.save()
        with translation.override("vi"):
            changes = field_changes(facility, before, form._meta.fields)
            if changes:
                activity_record(
                    actor=by,
                    action=Action.FACILITY_EDITED,
                    facility=facility,
                    target=facility,
                    summary=_("Sửa thông tin cơ sở: %(fields)s") % {"fields": ", ".join(changes)},
                    changes=changes,
                )
    return facility


def export_recorded(*, user, title: str, fmt: str, rows: int | None = None, facility=None, target=None):
    """An export's line in the Nhật ký: who took which list out of SafeMap (it holds contact
    data)."""
    with translation.override("vi"):  # the log reads the same whatever the officer's language
        return _export_line(user=user, title=title, fmt=fmt, rows=rows, facility=facility, target=target)


def _export_line(*, user, title, fmt, rows, facility, target):
    detail = _("%(title)s (%(fmt)s)") % {"title": title, "fmt": fmt.upper()}
    if rows is not None:
        detail = _("%(detail)s, %(n)s dòng") % {"detail": detail, "n": rows}
    return activity_record(
        actor=user,
        action=Action.EXPORTED,
        facility=facility,
        target=target,
        summary=_("Xuất %(detail)s") % {"detail": detail},
    )


def export_job_create(*, user, fmt: str, params: str, title: str, total: int) -> ExportJob:
    with transaction.atomic():
        job = ExportJob.objects.create(user=user, fmt=fmt, params=params, title=title, total=total)
        export_recorded(user=user, title=title, fmt=fmt, rows=total, target=job)
        transaction.on_commit(lambda: export_job_run_task.delay(job.pk))
    return job
