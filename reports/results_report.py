"""Báo cáo kết quả: the figures of an officer's periodic report, for the current period and the
officer's scope. They are the dashboard's own figures (``dashboard_context`` for the same user
and moment), plus the states and levels per sub-unit the dashboard shows only in total; a
report and the dashboard read at the same moment agree number by number."""

from dataclasses import dataclass

from django.db.models import Count, Q

from accounts.choices import OfficeKind
from accounts.models import never_assessed_q, overdue_q, unsafe_q
from accounts.scoping import facilities_visible_to

from .dashboard import dashboard_context
from .grouping import group_depth, unit_prefix

STATES = ("overdue", "never", "unsafe", "suspended")


@dataclass
class Results:
    user: object
    now: object
    dashboard: dict  # dashboard_context(user, now)
    states_by_key: dict  # {sub-unit key: {"overdue": n, "never": n, "unsafe": n, "suspended": n}}
    colours_by_key: dict  # {sub-unit key: {colour value: n}}

    @property
    def rows(self):
        """(rate, states, colours, follow-up cells) per sub-unit, in the dashboard's order."""
        followup = dict((rate.key, cells) for rate, cells in self.dashboard["followup"]["rows"])
        for rate in self.dashboard["rates"]:
            yield (
                rate,
                self.states_by_key.get(rate.key, dict.fromkeys(STATES, 0)),
                self.colours_by_key.get(rate.key, {}),
                followup.get(rate.key, []),
            )


def sub_unit_states(facilities, depth: int, now) -> tuple[dict, dict]:
    """Per sub-unit key: the dashboard's state counts and its colour counts (two grouped
    queries, the same conditions as ``state_counts`` and ``colour_counts``)."""
    states: dict = {}
    rows = (
        facilities.order_by()
        .values_list("unit__path")
        .annotate(
            overdue=Count("id", filter=overdue_q(now)),
            never=Count("id", filter=never_assessed_q()),
            unsafe=Count("id", filter=unsafe_q()),
            suspended=Count("id", filter=Q(suspended_at__isnull=False)),
        )
    )
    for path, *counts in rows:
        cell = states.setdefault(unit_prefix(path, depth), dict.fromkeys(STATES, 0))
        for name, n in zip(STATES, counts, strict=True):
            cell[name] += n
    colours: dict = {}
    for path, colour, n in (
        facilities.with_colour(now).order_by().values_list("unit__path", "map_colour").annotate(n=Count("id"))
    ):
        cell = colours.setdefault(unit_prefix(path, depth), {})
        cell[colour] = cell.get(colour, 0) + n
    return states, colours


def results_for(user, now) -> Results:
    facilities = facilities_visible_to(user).active()
    states, colours = sub_unit_states(facilities, group_depth(user), now)
    return Results(user, now, dashboard_context(user, now), states, colours)


def addressees(office, unit) -> list[str]:
    """Whom the office reports to: a local office to its Sở; the Sở (or a division, or a zone
    board) to the provincial People's Committee and the ministry. Empty: the clerk fills it."""
    province = unit.province if unit is not None else None
    if office is None or province is None:
        return []
    province_name = _in_sentence(province.name)
    if office.kind == OfficeKind.LOCAL:
        return [f"Sở Công Thương {province_name}"]
    if office.kind in (OfficeKind.DEPARTMENT, OfficeKind.DIVISION):
        return [f"Ủy ban nhân dân {province_name}", "Bộ Công Thương"]
    if office.kind == OfficeKind.ZONE_BOARD:
        return [f"Ủy ban nhân dân {province_name}", f"Sở Công Thương {province_name}"]
    return []


def _in_sentence(name: str) -> str:
    """ "Tỉnh Điện Biên" or "Điện Biên" → "tỉnh Điện Biên", as a sentence names a province."""
    for kind in ("Tỉnh ", "Thành phố "):
        if name.startswith(kind):
            return kind.lower() + name[len(kind) :]
    return f"tỉnh {name}"
