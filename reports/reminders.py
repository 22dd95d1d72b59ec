"""Reminders to facilities: a few days before their due date and once it has passed, by
email where the facility has an address, and as a banner on their home page."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import DateTimeField, Exists, OuterRef, Value
from django.urls import reverse
from django.utils import timezone

from accounts.models import Facility, overdue_from_due

from .emails import make_message
from .models import Reminder, ReminderKind
from .sql import insert_select

logger = logging.getLogger(__name__)


def reminder_window() -> timedelta:
    return timedelta(days=settings.REMINDER_DAYS_BEFORE)


def _due(kind, now):
    facilities = Facility.objects.active().filter(user__isnull=False, due_at__isnull=False)
    if kind == ReminderKind.DUE_SOON:
        return facilities.exclude(due_at__lte=now).past_due(now + reminder_window())
    return facilities.past_due(now)


def reminders_send(*, now=None) -> int:
    """Record one reminder per facility, kind and due date (set-based, idempotent), then
    email the facilities recorded by this run. Returns the number of emails sent."""
    now = now or timezone.now()
    for kind in ReminderKind:
        already = Reminder.objects.filter(facility=OuterRef("pk"), kind=kind, due_at=OuterRef("due_at"))
        rows = (
            _due(kind, now)
            .exclude(Exists(already))
            .annotate(_kind=Value(kind.value), _sent_at=Value(now, output_field=DateTimeField()))
            .order_by("pk")
            .values_list("pk", "_kind", "due_at", "_sent_at")
        )
        insert_select(Reminder, ["facility_id", "kind", "due_at", "sent_at"], rows)

    sent = 0
    inspect_url = settings.SITE_URL + reverse("assessments:inspect")
    reminders = Reminder.objects.filter(sent_at=now).exclude(facility__email="").select_related("facility")
    with get_connection() as mail:
        for reminder in reminders:
            facility = reminder.facility
            ctx = {
                "facility": facility,
                "reminder": reminder,
                "inspect_url": inspect_url,
                # What the map shows now, so the email never says grey of a green or a red.
                "colour": facility.colour(now),
                "grey_from": overdue_from_due(reminder.due_at),
            }
            message = make_message(f"reminder-{reminder.kind.replace('_', '-')}", facility.email, ctx)
            message.connection = mail
            try:
                message.send()
            except Exception:
                # Forget it so the next run tries again; the home page banner shows meanwhile.
                logger.exception("Reminder email to facility %s failed", facility.pk)
                reminder.delete()
                continue
            sent += 1
    return sent


def facility_banner(facility, now=None) -> dict | None:
    """What the facility's home page says about its due date, or None when nothing is due
    soon. Reads only the facility's own fields (no query)."""
    if facility.due_at is None or facility.user_id is None:
        return None
    now = now or timezone.now()
    if facility.is_past_due(now):
        return {"kind": ReminderKind.OVERDUE, "due_at": facility.due_at, "days_left": facility.days_left(now)}
    if facility.is_past_due(now + reminder_window()):
        return {
            "kind": ReminderKind.DUE_SOON,
            "due_at": facility.due_at,
            "days_left": facility.days_left(now),
        }
    return None
