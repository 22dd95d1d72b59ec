"""Theo dõi xử lý: the dashboard's follow-up figures per sub-unit, as a list of columns.

A column is a query that returns a few numbers per leaf unit path (one row per unit, or per
unit and number of days: never per facility), and a kind that adds those rows up into the
dashboard's rows (the same sub-units as ``sub_unit_rates``) and the total line. Adding a
figure is adding one ``Column`` to ``COLUMNS``; each costs one query whatever the number of
facilities."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
)
from django.utils.translation import gettext_lazy as _

from .corrective import open_request_rows, overdue_request_rows
from .models import Contact, Flag

WINDOW = timedelta(days=90)
CONTACT_WITHIN = timedelta(days=3)


@dataclass
class Cell:
    value: float | int | None
    fmt: str  # "percent", "days" or "count": how the template shows it
    detail: str = ""  # e.g. "2/3" under a share
    # The column's name, for the phone's card layout (each cell says what it is); not compared.
    label: str = field(default="", compare=False)


class Share:
    """Rows (path, part, whole); shows part ÷ whole in %."""

    fmt = "percent"

    def empty(self):
        return [0, 0]

    def add(self, state, part, whole):
        state[0] += part
        state[1] += whole

    def cell(self, state) -> Cell:
        part, whole = state
        value = round(100 * part / whole, 1) if whole else None
        return Cell(value, self.fmt, f"{part}/{whole}" if whole else "")


class Median:
    """Rows (path, whole days, how many): a histogram, so the median of any group of units is
    exact without reading one row per flag."""

    fmt = "days"

    def empty(self):
        return Counter()

    def add(self, state, days, n):
        state[days] += n

    def cell(self, state) -> Cell:
        n = sum(state.values())
        if not n:
            return Cell(None, self.fmt)
        middle = [(n - 1) // 2, n // 2]  # the two middle ranks (the same one when n is odd)
        values, seen = [], 0
        for days, count in sorted(state.items()):
            while middle and middle[0] < seen + count:
                values.append(days)
                middle.pop(0)
            seen += count
        return Cell(sum(values) / 2, self.fmt, str(n))


class Sum:
    """Rows (path, n); shows the total. For counts such as open requests."""

    fmt = "count"

    def empty(self):
        return [0]

    def add(self, state, n):
        state[0] += n

    def cell(self, state) -> Cell:
        return Cell(state[0], self.fmt)


class WholeDaysBetween(Func):
    """Whole days from the second timestamp to the first (floor), on PostgreSQL and SQLite."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        end, start = (compiler.compile(e) for e in self.get_source_expressions())
        params = [*end[1], *start[1]]
        if connection.vendor == "sqlite":
            return f"CAST((julianday({end[0]}) - julianday({start[0]})) AS INTEGER)", params
        return f"CAST(FLOOR(EXTRACT(EPOCH FROM ({end[0]} - {start[0]})) / 86400) AS INTEGER)", params


def _flags(facilities):
    return Flag.objects.filter(facility__in=facilities).order_by()


def contacted_within_3_days(facilities, now):
    """Flags opened in the last 90 days, and those whose facility had a Ghi nhận liên hệ in
    the 3 days from the flag's opening (by any officer). Read from the facilities to their
    flags, so the scope's facility table is joined once."""
    contacted = Contact.objects.filter(
        facility=OuterRef("pk"),
        created_at__gte=OuterRef("flags__opened_at"),
        created_at__lte=ExpressionWrapper(
            OuterRef("flags__opened_at") + CONTACT_WITHIN, output_field=DateTimeField()
        ),
    )
    return (
        facilities.order_by()
        .filter(flags__opened_at__gte=now - WINDOW, flags__opened_at__lte=now)
        .values_list("unit__path")
        .annotate(part=Count("flags", filter=Exists(contacted)), whole=Count("flags"))
    )


def days_to_close(facilities, now):
    """Flags closed in the last 90 days, counted by whole days from opening to closing."""
    return (
        _flags(facilities)
        .filter(closed_at__gte=now - WINDOW, closed_at__lte=now)
        .annotate(days=WholeDaysBetween(F("closed_at"), F("opened_at")))
        .values_list("facility__unit__path", "days")
        .annotate(n=Count("id"))
    )


def inspected_rows(facilities, now):
    """Facilities verified on site (a signed Kiểm tra thực tế) in the last 90 days, of all:
    ``inspected_at`` is the latest inspection, so it is one comparison per facility."""
    return (
        facilities.order_by()
        .values_list("unit__path")
        .annotate(
            inspected=Count("id", filter=Q(inspected_at__gt=now - WINDOW, inspected_at__lte=now)),
            total=Count("id"),
        )
    )


def suspended_rows(facilities, now):
    """Facilities under a Quyết định tạm dừng in force."""
    return (
        facilities.filter(suspended_at__isnull=False)
        .order_by()
        .values_list("unit__path")
        .annotate(n=Count("id"))
    )


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    help: str
    kind: Share | Median | Sum
    rows: Callable  # (facilities, now) -> rows of (unit path, *numbers) as the kind adds them


COLUMNS = [
    Column(
        "contacted",
        _("Cơ sở bị cảnh báo được liên hệ trong 3 ngày"),
        _(
            "Trong các cảnh báo mở 90 ngày qua: tỷ lệ cơ sở được ghi nhận liên hệ trong 3 ngày kể từ khi cảnh báo mở."
        ),
        Share(),
        contacted_within_3_days,
    ),
    Column(
        "days_to_close",
        _("Số ngày trung vị từ khi cảnh báo đến khi xử lý"),
        _("Các cảnh báo đã đóng trong 90 ngày qua: số ngày trung vị từ khi mở đến khi đóng."),
        Median(),
        days_to_close,
    ),
    Column(
        "requests_open",
        _("Yêu cầu khắc phục đang mở"),
        _("Yêu cầu khắc phục chưa được chấp nhận (đang chờ cơ sở khắc phục hoặc chờ cán bộ xem xét)."),
        Sum(),
        open_request_rows,
    ),
    Column(
        "requests_overdue",
        _("Yêu cầu khắc phục quá hạn"),
        _("Yêu cầu khắc phục đã quá hạn mà cơ sở chưa báo cáo đã khắc phục."),
        Sum(),
        overdue_request_rows,
    ),
    Column(
        "inspected",
        _("Cơ sở được kiểm tra thực tế trong 90 ngày"),
        _("Tỷ lệ cơ sở có biên bản Kiểm tra thực tế đã ký trong 90 ngày qua."),
        Share(),
        inspected_rows,
    ),
    Column(
        "suspended",
        _("Cơ sở đang tạm dừng hoạt động"),
        _("Số cơ sở đang chịu Quyết định tạm dừng chưa được cho hoạt động trở lại."),
        Sum(),
        suspended_rows,
    ),
]


def followup_table(facilities, rates, key_of, now, columns=None) -> dict:
    """{"columns", "rows": [(rate, [cell, …]), …], "total": [cell, …]} for the sub-units of
    ``rates`` (from ``sub_unit_rates``); ``key_of`` maps a unit path to its row's key."""
    columns = COLUMNS if columns is None else columns
    by_row, totals = [], []
    for column in columns:
        kind = column.kind
        states, total = {}, kind.empty()
        for path, *numbers in column.rows(facilities, now):
            kind.add(states.setdefault(key_of(path), kind.empty()), *numbers)
            kind.add(total, *numbers)
        by_row.append(states)
        totals.append(_labelled(kind.cell(total), column))
    rows = [
        (
            rate,
            [
                _labelled(column.kind.cell(states.get(rate.key) or column.kind.empty()), column)
                for column, states in zip(columns, by_row, strict=True)
            ],
        )
        for rate in rates
    ]
    return {"columns": columns, "rows": rows, "total": totals}


def _labelled(cell: Cell, column: Column) -> Cell:
    cell.label = column.label
    return cell
