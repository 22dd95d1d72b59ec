"""Officer dashboard figures: counts by colour and by state, and reporting rates per sub-unit
computed as DHIS2 computes completeness — reports received in the period divided by reports
expected, and the same for reports received on time."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from accounts.choices import Level, MapColour
from accounts.models import AdminUnit, grace, period
from accounts.scoping import facilities_visible_to
from assessments.models import Assessment, Status

TREND_PERIODS = 6


@dataclass
class Rate:
    label: str
    expected: int = 0
    reported: int = 0
    on_time: int = 0
    unit_id: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def reporting_rate(self) -> float | None:
        return round(100 * self.reported / self.expected, 1) if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None

    # Chart geometry (SVG user units): bars are 200 wide at 100 %, columns 100 tall.
    @property
    def reporting_bar(self) -> float:
        return round(2 * (self.reporting_rate or 0), 1)

    @property
    def on_time_bar(self) -> float:
        return round(2 * (self.on_time_rate or 0), 1)

    @property
    def column_top(self) -> float:
        return round(100 - (self.reporting_rate or 0), 1)

    @property
    def column_height(self) -> float:
        return round(self.reporting_rate or 0, 1)


def signatures(facilities, since: datetime):
    """(facility_id, signed_at, on_time) for every signed assessment since ``since``; on time
    means signed by the due date it answered plus grace (recorded when it was signed)."""
    rows = Assessment.objects.filter(
        facility__in=facilities, status=Status.SIGNED, signed_at__gte=since
    ).values_list("facility_id", "signed_at", "on_time")
    return [(pk, signed_at, bool(on_time)) for pk, signed_at, on_time in rows]


def period_windows(now: datetime, count: int) -> list[tuple[datetime, datetime]]:
    """The last ``count`` periods, oldest first, the newest ending now."""
    length = period()
    return [(now - length * (i + 1), now - length * i) for i in reversed(range(count))]


def _group_depth(user) -> int:
    if user.unit_id and not user.is_national:
        return user.unit.depth + 1
    return 1  # provinces


def _prefix(path: str, depth: int) -> str:
    parts = path.strip("/").split("/")
    return "/" + "/".join(parts[: depth + 1]) + "/"


def sub_unit_rates(facilities, user, now) -> list[Rate]:
    """Current period's rates for each unit one level below the officer's unit."""
    start = now - period()
    per_unit = facilities.values("unit_id", "unit__path").annotate(
        expected=Count("id", filter=Q(account_issued_at__isnull=False, account_issued_at__lte=now)),
    )
    rows_signed = signatures(facilities, start)
    signed = {pk for pk, _at, _ok in rows_signed}
    on_time = {pk for pk, _at, ok in rows_signed if ok}
    unit_of = dict(facilities.filter(pk__in=signed).values_list("id", "unit__path"))
    depth = _group_depth(user)
    rows: dict[str, Rate] = {}
    for row in per_unit:
        key = _prefix(row["unit__path"], depth)
        rows.setdefault(key, Rate(label=key)).expected += row["expected"]
    for pk, path in unit_of.items():
        rate = rows.setdefault(_prefix(path, depth), Rate(label=_prefix(path, depth)))
        rate.reported += 1
        rate.on_time += pk in on_time
    units = {u.path: u for u in AdminUnit.objects.filter(path__in=rows)}
    for key, rate in rows.items():
        if key in units:
            rate.label = units[key].name
            rate.unit_id = units[key].pk
    return sorted(rows.values(), key=lambda r: r.label)


def trend(facilities, now) -> list[Rate]:
    windows = period_windows(now, TREND_PERIODS)
    issued = list(
        facilities.filter(account_issued_at__isnull=False).values_list("account_issued_at", flat=True)
    )
    rows = signatures(facilities, windows[0][0])
    out = []
    for start, end in windows:
        in_window = [(pk, ok) for pk, at, ok in rows if start <= at < end or (end == now and at == now)]
        rate = Rate(
            label=timezone.localtime(end).strftime("%d/%m"),
            expected=sum(1 for at in issued if at <= end),
            reported=len({pk for pk, _ok in in_window}),
            on_time=len({pk for pk, ok in in_window if ok}),
        )
        out.append(rate)
    return out


def state_counts(facilities, now) -> dict:
    return facilities.aggregate(
        total=Count("id"),
        overdue=Count("id", filter=Q(due_at__lt=now - grace())),
        unsafe=Count("id", filter=Q(level=Level.RED)),
        never=Count("id", filter=Q(user__isnull=False, last_signed_at__isnull=True)),
        no_account=Count("id", filter=Q(user__isnull=True)),
    )


def colour_counts(facilities, now) -> list[tuple[str, str, int]]:
    counts = dict(facilities.with_colour(now).order_by().values_list("map_colour").annotate(n=Count("id")))
    return [(c.value, c.label, counts.get(c.value, 0)) for c in MapColour]


def dashboard_context(user, now) -> dict:
    facilities = facilities_visible_to(user).active()
    rates = sub_unit_rates(facilities, user, now)
    total = Rate(
        label="",
        expected=sum(r.expected for r in rates),
        reported=sum(r.reported for r in rates),
        on_time=sum(r.on_time for r in rates),
    )
    return {
        "colours": colour_counts(facilities, now),
        "states": state_counts(facilities, now),
        "rates": rates,
        "rates_total": total,
        "trend": trend(facilities, now),
        "rates_chart_height": 12 * len(rates) + 4,
        "trend_chart_width": 50 * TREND_PERIODS,
        "period_start": now - period(),
        "now": now,
    }
