"""The flag scan: which facilities officers must chase. Set-based, so the number of queries
does not grow with the number of facilities; safe to run twice or in two workers at once."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Facility, overdue_from, period
from accounts.scoping import facilities_visible_to, holds_every_facility
from assessments.models import Assessment

from .models import Flag, FlagKind
from .notifications import notify_new_flags
from .sql import insert_select

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key: "SMAP" in ASCII.
SCAN_LOCK_KEY = 0x534D4150


@dataclass
class ScanResult:
    opened: int = 0
    closed: int = 0
    notified: int = 0


def _at(expression):
    return ExpressionWrapper(expression, output_field=DateTimeField())


def flag_conditions(now, facility_ids=None):
    """For each kind: the facilities that should have it open now, and when the condition
    began (the flag's ``opened_at``)."""
    active = Facility.objects.active()
    if facility_ids is not None:
        active = active.filter(pk__in=facility_ids)
    return {
        # Never-assessed facilities are overdue too; they get the one flag that says why.
        FlagKind.OVERDUE: (
            active.overdue(now).filter(last_signed_at__isnull=False),
            overdue_from(),
        ),
        FlagKind.UNSAFE: (active.unsafe(), _level_set_at(now)),
        # Until the first signature, due_at is account_issued_at + period (issue_account):
        # the due_at test is the same rule, on the indexed column.
        FlagKind.NEVER_ASSESSED: (
            active.never_assessed().filter(due_at__lte=now, account_issued_at__lte=now - period()),
            _at(F("account_issued_at") + period()),
        ),
        FlagKind.DISCREPANCY: (_found_discrepant(active), F("inspected_at")),
    }


def _level_set_at(now):
    """When the current level was signed: the latest inspection if it came after the latest
    self-assessment (its result is the level until the next one), else that self-assessment."""
    return Case(
        When(inspected_at__gt=F("last_signed_at"), then=F("inspected_at")),
        default=Coalesce(F("last_signed_at"), Value(now)),
        output_field=DateTimeField(),
    )


def _found_discrepant(facilities):
    """Facilities whose latest signed inspection found items claimed met but not met, and
    that have not signed a self-assessment since: signing one ends the flag, whatever it says
    (the next inspection judges it). ``inspected_at`` is that inspection's signed_at, so one
    indexed EXISTS finds it for every facility at once."""
    found = (
        Assessment.objects.inspections()
        .signed()
        .filter(facility=OuterRef("pk"), signed_at=OuterRef("inspected_at"), discrepancy_count__gt=0)
    )
    return facilities.filter(
        Q(last_signed_at__isnull=True) | Q(inspected_at__gt=F("last_signed_at")),
        inspected_at__isnull=False,
    ).filter(Exists(found))


def _close(kind, should_be_open, now, facility_ids=None) -> int:
    """Close open flags whose condition no longer holds. The close time is the signature
    that ended it when there is one, else now (deactivated, account withdrawn)."""
    still_open = should_be_open.filter(pk=OuterRef("facility_id"))
    if kind == FlagKind.OVERDUE:
        # Signing ends the episode even if the scan only runs after the facility is overdue
        # again: that is a new flag, with its own dates. (Unsafe stays one flag while every
        # signature stays red, so its age keeps counting towards escalation.)
        still_open = still_open.filter(last_signed_at__lt=OuterRef("opened_at"))
    ended_by_signing = (
        Facility.objects.filter(
            pk=OuterRef("facility_id"),
            is_active=True,
            last_signed_at__gt=OuterRef("opened_at"),
            last_signed_at__lte=now,
        )
        .order_by()
        .values("last_signed_at")
    )
    flags = Flag.objects.open().filter(kind=kind)
    if facility_ids is not None:
        flags = flags.filter(facility_id__in=facility_ids)
    return flags.exclude(Exists(still_open)).update(
        closed_at=Coalesce(Subquery(ended_by_signing), Value(now), output_field=DateTimeField())
    )


def _open(kind, should_be_open, opened_at, now) -> int:
    """INSERT … SELECT … ON CONFLICT DO NOTHING: a flag already opened by a concurrent scan
    (the partial unique constraint) is skipped, not duplicated and not an error. Rows go in
    facility order so two scans lock them in the same order."""
    rows = (
        should_be_open.exclude(Exists(Flag.objects.open().filter(facility=OuterRef("pk"), kind=kind)))
        .annotate(
            _kind=Value(kind.value),
            _opened_at=opened_at,
            _created_at=Value(now, output_field=DateTimeField()),
        )
        .order_by("pk")
        .values_list("pk", "_kind", "_opened_at", "_created_at")
    )
    return insert_select(Flag, ["facility_id", "kind", "opened_at", "created_at"], rows)


def flags_scan(*, now=None, facility_ids=None) -> ScanResult:
    """Open and close flags of every kind, then notify officers of the new ones, in one
    transaction: a crash half-way leaves nothing half-done for the next scan.

    With ``facility_ids`` only those facilities are looked at: what signing asks for, so
    its flags change within seconds without re-reading every facility in the country."""
    now = now or timezone.now()
    result = ScanResult()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A second scan waits for the first instead of fighting it for row locks
            # (deadlocks); it then finds nothing left to do. The unique constraint, not
            # this lock, is what guarantees one open flag per facility and kind.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCAN_LOCK_KEY])
        conditions = flag_conditions(now, facility_ids)
        for kind, (should_be_open, _) in conditions.items():
            result.closed += _close(kind, should_be_open, now, facility_ids)
        for kind, (should_be_open, opened_at) in conditions.items():
            result.opened += _open(kind, should_be_open, opened_at, now)
        if result.opened:
            result.notified = notify_new_flags(created_at=now, fresh_statistics=facility_ids is None)
    logger.info(
        "Flag scan: %d opened, %d closed, %d notifications", result.opened, result.closed, result.notified
    )
    return result


def flags_visible_to(user):
    """Flags of the facilities the user may see (the one access helper for flags)."""
    scope = facilities_visible_to(user)
    return Flag.objects.all() if holds_every_facility(scope) else Flag.objects.filter(facility__in=scope)


def escalated_facilities(facilities, now=None):
    """Those of ``facilities`` with a flag open for longer than ESCALATION_DAYS: they go on
    the suspension-proposal report (reports.suspension)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ESCALATION_DAYS)
    return facilities.filter(
        Exists(Flag.objects.open().filter(facility=OuterRef("pk"), opened_at__lt=cutoff))
    )


def escalated_facility_ids(facilities, now=None):
    return escalated_facilities(facilities, now).values_list("pk", flat=True)
