"""Officer dashboard figures: counts by colour and by state, and reporting rates per sub-unit
computed as DHIS2 computes completeness — reports received in the period divided by reports
expected, and the same for reports received on time."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from accounts.choices import MapColour
from accounts.models import AdminUnit, never_assessed_q, overdue_q, period, unsafe_q
from accounts.scoping import facilities_visible_to
from assessments.models import Assessment, AssessmentKind, Status

from .corrective import corrective_totals
from .followup import followup_table, inspected_rows, suspended_rows
from .funnel import funnel_context
from .grouping import group_depth, unit_prefix

TREND_PERIODS = 6


@dataclass
class Rate:
    label: str
    expected: int = 0
    reported: int = 0
    on_time: int = 0
    unit_id: int | None = None
    key: str = ""  # the unit path prefix the row groups (followup.py groups the same way)
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


def signed_since(facilities, since: datetime):
    """Signed assessments of required checklists (those that set the colour and the due date)
    of ``facilities`` since ``since``. Each figure below is counted in the database: a national
    dashboard covers over a million of them. Officers' inspections are not reports by the
    facility and do not count."""
    return Assessment.objects.filter(
        facility__in=facilities,
        status=Status.SIGNED,
        signed_at__gte=since,
        template__required=True,
        kind=AssessmentKind.SELF,
    ).order_by()


def _first_in(start, end, previous: str) -> Q:
    """A facility's reports that are its first (``previous`` being the link to the one
    before) in [start, end): a facility counts once however many times it signed, and the
    count needs no DISTINCT (assessments.report_links)."""
    window = Q(assessments__signed_at__gte=start)
    if end:
        window &= Q(assessments__signed_at__lt=end)
    link = f"assessments__{previous}"
    return window & (Q(**{f"{link}__isnull": True}) | Q(**{f"{link}__lt": start}))


def period_windows(now: datetime, count: int) -> list[tuple[datetime, datetime]]:
    """The last ``count`` periods, oldest first, the newest ending now."""
    length = period()
    return [(now - length * (i + 1), now - length * i) for i in reversed(range(count))]


def reporting(facilities, now, windows) -> dict[str, list[list[int]]]:
    """{leaf unit path: [[expected, reported, on_time] per window]}: facilities with an account
    by the window's end, those that reported in it, and those that reported on time (signed by
    the due date they answered plus grace, recorded when signed). Two grouped queries whatever
    the number of facilities, periods and reports: the dashboard's rates and trend both read it."""
    last = len(windows) - 1
    expected = {
        f"e{i}": Count("id", filter=Q(account_issued_at__isnull=False, account_issued_at__lte=end))
        for i, (_start, end) in enumerate(windows)
    }
    reported = {}
    for i, (start, end) in enumerate(windows):
        # The newest period ends now: reports after it (none, unless ``now`` is in the past)
        # are left out by the query's upper bound.
        bound = None if i == last else end
        reported[f"r{i}"] = Count("assessments", filter=_first_in(start, bound, "previous_report_at"))
        reported[f"o{i}"] = Count(
            "assessments",
            filter=_first_in(start, bound, "previous_on_time_report_at") & Q(assessments__on_time=True),
        )
    rows: dict[str, list[list[int]]] = {}
    for path, *counts in facilities.order_by().values_list("unit__path").annotate(**expected):
        rows[path] = [[n, 0, 0] for n in counts]
    # From the facilities to their reports, so the scope's facility table is joined once.
    signed = (
        facilities.order_by()
        .filter(
            assessments__status=Status.SIGNED,
            assessments__kind=AssessmentKind.SELF,
            assessments__template__required=True,
            assessments__signed_at__gte=windows[0][0],
            assessments__signed_at__lte=now,
        )
        .values_list("unit__path")
        .annotate(**reported)
    )
    for path, *counts in signed:
        cells = rows.setdefault(path, [[0, 0, 0] for _ in windows])
        for i, cell in enumerate(cells):
            cell[1] += counts[2 * i]
            cell[2] += counts[2 * i + 1]
    return rows


def sub_unit_rates(rows, user, window: int = -1) -> list[Rate]:
    """The rates of ``window`` (the current period by default) of ``reporting``'s rows for
    each unit one level below the officer's unit."""
    depth = group_depth(user)
    by_key: dict[str, Rate] = {}
    # A facility has one unit, so per-unit counts add up without double counting.
    for path, cells in rows.items():
        key = unit_prefix(path, depth)
        rate = by_key.setdefault(key, Rate(label=key, key=key))
        expected, reported, on_time = cells[window]
        rate.expected += expected
        rate.reported += reported
        rate.on_time += on_time
    units = {u.path: u for u in AdminUnit.objects.filter(path__in=by_key)}
    for key, rate in by_key.items():
        if key in units:
            rate.label = units[key].name
            rate.unit_id = units[key].pk
    return sorted(by_key.values(), key=lambda r: r.label)


def _by_prefix(rows, depth: int, empty, add) -> dict:
    out = {}
    for path, *numbers in rows:
        key = unit_prefix(path, depth)
        out[key] = add(out.get(key, empty), *numbers)
    return out


def inspected_share(facilities, depth: int, now) -> dict[str, tuple[int, int]]:
    """Per sub-unit (unit path prefix at ``depth``, as sub_unit_rates groups them): how many of
    ``facilities`` were verified on site in the last 90 days, of how many (followup's column)."""
    return _by_prefix(inspected_rows(facilities, now), depth, (0, 0), lambda s, i, t: (s[0] + i, s[1] + t))


def suspensions_in_force(facilities, depth: int) -> dict[str, int]:
    """{unit path prefix at ``depth``: facilities with a Quyết định tạm dừng in force}."""
    return _by_prefix(suspended_rows(facilities, None), depth, 0, lambda s, n: s + n)


def trend(rows, windows) -> list[Rate]:
    """``reporting``'s rows added up per period, oldest first."""
    totals = [[0, 0, 0] for _ in windows]
    for cells in rows.values():
        for total, cell in zip(totals, cells, strict=True):
            for k in range(3):
                total[k] += cell[k]
    return [
        Rate(
            label=timezone.localtime(end).strftime("%d/%m"),
            expected=expected,
            reported=reported,
            on_time=on_time,
            extra={"end": end},
        )
        for (_start, end), (expected, reported, on_time) in zip(windows, totals, strict=True)
    ]


def state_counts(facilities, now) -> dict:
    return facilities.aggregate(
        total=Count("id"),
        overdue=Count("id", filter=overdue_q(now)),
        unsafe=Count("id", filter=unsafe_q()),
        never=Count("id", filter=never_assessed_q()),
        no_account=Count("id", filter=Q(user__isnull=True)),
        suspended=Count("id", filter=Q(suspended_at__isnull=False)),
    )


def colour_counts(facilities, now) -> list[tuple[str, str, int]]:
    counts = dict(facilities.with_colour(now).order_by().values_list("map_colour").annotate(n=Count("id")))
    return [(c.value, c.label, counts.get(c.value, 0)) for c in MapColour]


def dashboard_context(user, now) -> dict:
    facilities = facilities_visible_to(user).active()
    windows = period_windows(now, TREND_PERIODS)
    rows = reporting(facilities, now, windows)
    rates = sub_unit_rates(rows, user)
    depth = group_depth(user)
    total = Rate(
        label="",
        expected=sum(r.expected for r in rates),
        reported=sum(r.reported for r in rates),
        on_time=sum(r.on_time for r in rates),
    )
    return {
        "followup": followup_table(facilities, rates, lambda path: unit_prefix(path, depth), now),
        "colours": colour_counts(facilities, now),
        "states": state_counts(facilities, now),
        "rates": rates,
        "rates_total": total,
        "trend": trend(rows, windows),
        "rates_chart_height": 12 * len(rates) + 4,
        "trend_chart_width": 50 * TREND_PERIODS,
        "period_start": now - period(),
        "now": now,
        "corrective": corrective_totals(facilities, now),
        **funnel_context(facilities, user, now),
    }
