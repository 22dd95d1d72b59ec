"""Supplementary batches ("Đợt bổ sung"): when an import marked as one for a province is done,
its Sở's officers and each office holding some of its letters get an inbox notice with the link
to their letters. Queued by accounts.signals.import_done (reports.apps); once per import and user."""

from collections import Counter

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import ImportJob, User

from .models import Notification, NotificationKind
from .notifications import notify


def supplementary_recipients(job: ImportJob) -> Counter:
    """{user: accounts of this import they are told about}: every active Sở officer of the
    province, all of them; each local office and zone board, those of its own batches."""
    counts = Counter()
    officers = User.objects.filter(is_active=True)
    for user in officers.filter(role=Role.PROVINCE, unit=job.supplementary_province):
        counts[user] = job.created_count
    batches = job.letter_batches.current().with_size().filter(size__gt=0).exclude(unit=None, zone=None)
    for batch in batches:
        if batch.unit_id:
            holders = officers.filter(role=Role.LOCAL_OFFICE, unit_id=batch.unit_id)
        else:
            holders = officers.filter(role=Role.ZONE_BOARD, zones=batch.zone_id)
        for user in holders:
            counts[user] += batch.size
    return counts


def supplementary_notify(*, job_id: int) -> int:
    """Tell the recipients of a done supplementary import; a second run (a redelivered task, the
    beat catching up) tells nobody twice. Returns how many were told now."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update()
            .filter(pk=job_id, status=ImportJob.Status.DONE, supplementary_province__isnull=False)
            .first()
        )
        if job is None:
            return 0
        url = reverse("letter_batch_list") + f"?lan-nhap={job.pk}"
        told = set(
            Notification.objects.filter(kind=NotificationKind.SUPPLEMENTARY, url=url).values_list(
                "user_id", flat=True
            )
        )
        by_count: dict[int, list] = {}
        for user, n in supplementary_recipients(job).items():
            if user.pk not in told and n:
                by_count.setdefault(n, []).append(user)
        sent = 0
        for n, users in sorted(by_count.items()):
            message = f"Có {n} tài khoản bổ sung cho {job.supplementary_province.name}: tải thư tài khoản để giao cho cơ sở."
            sent += notify(users, kind=NotificationKind.SUPPLEMENTARY, message=message, url=url)
        ImportJob.objects.filter(pk=job.pk).update(supplementary_notified_at=timezone.now())
    return sent


def supplementary_catch_up() -> int:
    """Notices of done supplementary imports not yet sent (the beat task's safety net)."""
    pending = ImportJob.objects.filter(
        status=ImportJob.Status.DONE,
        supplementary_province__isnull=False,
        supplementary_notified_at__isnull=True,
    ).values_list("pk", flat=True)
    return sum(supplementary_notify(job_id=pk) for pk in pending)
