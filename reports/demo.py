"""Demo flags: run one scan over the demo facilities so officers see flags and an inbox, then
the follow-up loop on top of them (demo_followup)."""

from django.utils import timezone

from . import demo_followup
from .flags import flags_scan
from .models import Notification
from .notifications import notifications_for, officers

UNREAD_KEPT = 5


def seed() -> list:
    flags_scan()
    demo_followup.seed_letters()
    changed = demo_followup.seed()
    if changed:
        flags_scan(facility_ids=changed)  # the inspection's discrepancy, the suspension
    mark_old_notifications_read()
    return []


def mark_old_notifications_read(now=None) -> None:
    """The scan tells officers about every flag at once, as if they had never opened their
    inbox. A working officer has read all but the newest few: leave those unread."""
    now = now or timezone.now()
    for officer in officers():
        newest = (
            notifications_for(officer)
            .order_by("-flag__opened_at", "-pk")
            .values_list("pk", flat=True)[:UNREAD_KEPT]
        )
        Notification.objects.filter(user=officer, read_at__isnull=True).exclude(pk__in=list(newest)).update(
            read_at=now
        )
