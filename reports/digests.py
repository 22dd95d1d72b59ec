"""The daily digest email: the flags open now in each officer's scope, grouped by unit, and
the facilities the officer set a next step with for today (Hẹn liên hệ hôm nay)."""

import logging
from itertools import groupby

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .contacts import next_steps_due_today
from .emails import make_message
from .flags import flags_visible_to
from .models import DigestSent, FlagKind
from .notifications import officers

logger = logging.getLogger(__name__)


def digest_flags(officer):
    return (
        flags_visible_to(officer)
        .open()
        .select_related("facility__unit")
        .order_by("facility__unit__path", "facility__name", "kind")
    )


def flag_age(flag, now) -> tuple:
    """(since, days) for the digest line. An overdue flag counts days overdue from the due
    date, as every page and document does; the grace only decided when it opened."""
    if flag.kind == FlagKind.OVERDUE and flag.facility.due_at is not None:
        return flag.facility.due_at, flag.facility.days_overdue(now) or 0
    return flag.opened_at, (now - flag.opened_at).days


def digest_groups(flags) -> list[tuple]:
    """[(unit, [flag, …]), …] in unit order."""
    return [(unit, list(rows)) for unit, rows in groupby(flags, key=lambda f: f.facility.unit)]


def _claim(officer, day, now) -> bool:
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=officer, day=day, sent_at=now)
    except IntegrityError:
        return False
    return True


def digests_send(*, now=None) -> int:
    """One email per officer who wants it and has flags open in scope or a next step due
    today; none when there is neither. Safe to run twice a day: the second run sends nothing. Returns emails sent."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    recipients = officers().filter(email_digest=True).exclude(email="").select_related("unit").order_by("pk")
    ctx = {
        "inbox_url": settings.SITE_URL + reverse("reports:inbox"),
        "settings_url": settings.SITE_URL + reverse("reports:notification_settings"),
        "now": now,
    }
    sent = 0
    with get_connection() as mail:
        for officer in recipients:
            flags = list(digest_flags(officer))
            next_steps = list(next_steps_due_today(officer, day))
            if not (flags or next_steps) or not _claim(officer, day, now):
                continue
            for flag in flags:
                flag.since, flag.open_days = flag_age(flag, now)
            message = make_message(
                "digest",
                officer.email,
                {
                    **ctx,
                    "officer": officer,
                    "groups": digest_groups(flags),
                    "count": len(flags),
                    "next_steps": next_steps,
                    "site_url": settings.SITE_URL,
                },
            )
            message.connection = mail
            try:
                message.send()
            except Exception:
                logger.exception("Digest email to user %s failed", officer.pk)
                DigestSent.objects.filter(user=officer, day=day).delete()
                continue
            sent += 1
    return sent
