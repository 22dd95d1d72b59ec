"""The dashboard's Khởi động section: how far each sub-unit's facilities have come from the
issued account to the first signed assessment, and who has waited longest at each stage.
Counted in the database from the same rules the list's stage filter uses
(accounts.models.funnel_stage_q), so a count and the list it links to always agree."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from accounts.choices import FunnelStage
from accounts.models import FUNNEL_SINCE, AdminUnit, funnel_reached_q, funnel_stage_q

from .grouping import group_depth, unit_prefix

STUCK_PER_STAGE = 5
ISSUED = Q(account_issued_at__isnull=False)


@dataclass
class FunnelRow:
    label: str
    unit_id: int | None = None
    issued: int = 0
    logged_in: int = 0
    signed: int = 0
    stages: dict = field(default_factory=lambda: dict.fromkeys(FunnelStage.values, 0))

    @property
    def logged_in_share(self) -> float | None:
        return round(100 * self.logged_in / self.issued, 1) if self.issued else None

    @property
    def signed_share(self) -> float | None:
        return round(100 * self.signed / self.issued, 1) if self.issued else None

    def stage_counts(self) -> list[tuple[str, int]]:
        return [(stage, self.stages[stage]) for stage in FunnelStage.values]

    def stage_cells(self) -> list[tuple[str, str, int]]:
        return [(stage, label, self.stages[stage]) for stage, label in FunnelStage.choices]

    def add(self, other: "FunnelRow") -> None:
        self.issued += other.issued
        self.logged_in += other.logged_in
        self.signed += other.signed
        for stage, n in other.stages.items():
            self.stages[stage] += n


def funnel_by_sub_unit(facilities, user) -> tuple[list[FunnelRow], FunnelRow]:
    """One row per unit one level below the officer's (the grouping of the reporting rates),
    and their total. Three queries whatever the number of facilities."""
    depth = group_depth(user)
    counts = {
        "issued": Count("id", filter=ISSUED),
        # Of the issued accounts, those that have logged in (or got further) and that signed.
        "logged_in": Count("id", filter=ISSUED & funnel_reached_q(FunnelStage.NO_OWN_PASSWORD)),
        "signed": Count("id", filter=ISSUED & funnel_reached_q(FunnelStage.SIGNED)),
        **{f"stage_{stage}": Count("id", filter=funnel_stage_q(stage)) for stage in FunnelStage.values},
    }
    # Grouped by unit id, not path: the count is then an index-only scan of facility_funnel_idx,
    # without joining 300,000 rows to their units.
    per_unit = list(facilities.order_by().values("unit_id").annotate(**counts))
    paths = dict(AdminUnit.objects.filter(pk__in=[v["unit_id"] for v in per_unit]).values_list("pk", "path"))
    rows: dict[str, FunnelRow] = {}
    for values in per_unit:
        key = unit_prefix(paths[values["unit_id"]], depth)
        part = FunnelRow(
            label=key,
            issued=values["issued"],
            logged_in=values["logged_in"],
            signed=values["signed"],
            stages={stage: values[f"stage_{stage}"] for stage in FunnelStage.values},
        )
        rows.setdefault(key, FunnelRow(label=key)).add(part)
    # A zone board's scope has no unit of its own: its lists take no sub-unit filter.
    linkable = user.is_national or user.unit_id is not None
    for unit in AdminUnit.objects.filter(path__in=rows).only("pk", "name", "path"):
        rows[unit.path].label = unit.name
        rows[unit.path].unit_id = unit.pk if linkable else None
    ordered = sorted(rows.values(), key=lambda r: r.label)
    total = FunnelRow(label="")
    for row in ordered:
        total.add(row)
    return ordered, total


@dataclass
class Stuck:
    pk: int
    name: str
    unit: str
    since: datetime
    days: int


def stuck_longest(facilities, now, per_stage=STUCK_PER_STAGE) -> list[tuple[str, str, list[Stuck]]]:
    """The facilities longest at each stage short of signed, with the days since they entered
    it: one query a stage, each reading the first entries of that stage's index."""
    today = timezone.localdate(now)
    result = []
    for stage, label in FunnelStage.choices:
        if stage == FunnelStage.SIGNED:
            continue
        since = FUNNEL_SINCE[stage]
        rows = (
            facilities.filter(funnel_stage_q(stage))
            .order_by(since, "id")
            .values_list("pk", "name", "unit__name", since)[:per_stage]
        )
        stuck = [
            Stuck(pk, name, unit, at, max((today - timezone.localdate(at)).days, 0))
            for pk, name, unit, at in rows
        ]
        result.append((stage, label, stuck))
    return result


def funnel_context(facilities, user, now) -> dict:
    rows, total = funnel_by_sub_unit(facilities, user)
    return {
        "funnel_rows": rows,
        "funnel_total": total,
        "funnel_stages": FunnelStage.choices,
        "funnel_stuck": stuck_longest(facilities, now),
    }
