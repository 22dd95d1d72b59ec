"""Corrective requests (assessments.corrective) seen from the reports layer: the officer told
in the inbox when a facility answers, and the dashboard's counts per sub-unit.

The facility's answer is saved by the assessments app, which may not import reports; it sends
``assessments.signals.corrective_request_answered`` inside its transaction and the receiver
here writes the notification in that same transaction (and queues a scan of the facility) (reports/apps.py connects it). The
officers' list of requests awaiting review (reports:corrective_request_list) and the
dashboard's count are read from the requests themselves, so nothing is lost if an officer
deletes the message."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.corrective import AWAITING_FACILITY, NOT_CLOSED, CorrectiveRequest, RequestStatus
from assessments.scoping import corrective_requests_visible_to

from .models import NotificationKind
from .notifications import notify
from .tasks import queue_scan


def on_request_answered(sender, *, request, response, **kwargs):
    """Receiver of ``corrective_request_answered``: the officer who made the request hears,
    and the facility's flags are scanned after commit (its "Quá hạn khắc phục" may close)."""
    queue_scan([request.facility_id])
    notify(
        [request.created_by],
        kind=NotificationKind.REQUEST,
        message=_("%(facility)s báo đã khắc phục; chờ xem xét.") % {"facility": request.facility.name},
        url=request.get_absolute_url(),
        facility=request.facility,
        at=response.at,
    )


def _prefix(path: str, depth: int) -> str:
    # The same grouping as reports.dashboard.sub_unit_rates.
    parts = path.strip("/").split("/")
    return "/" + "/".join(parts[: depth + 1]) + "/"


def _not_closed_by_unit(facilities):
    return (
        CorrectiveRequest.objects.filter(facility__in=facilities, status__in=NOT_CLOSED)
        .order_by()
        .values_list("facility__unit__path")
    )


def open_request_rows(facilities, now):
    """Theo dõi xử lý (reports.followup): requests not yet accepted, per unit path."""
    return _not_closed_by_unit(facilities).annotate(n=Count("id"))


def overdue_request_rows(facilities, now):
    """Theo dõi xử lý: requests still waiting for the facility past their deadline."""
    return (
        _not_closed_by_unit(facilities)
        .filter(status__in=AWAITING_FACILITY, due_at__lte=now)
        .annotate(n=Count("id"))
    )


def corrective_request_counts(facilities, depth, now=None) -> dict[str, tuple[int, int]]:
    """{unit path prefix at ``depth``: (open, overdue)} for the requests of ``facilities``.
    Open: not yet accepted (waiting for the facility or for the officer's review); overdue:
    waiting for the facility past its deadline. ``facilities`` is already scoped (as for
    sub_unit_rates); one query, grouped by unit in the database."""
    now = now or timezone.now()
    rows = (
        CorrectiveRequest.objects.filter(facility__in=facilities)
        .filter(status__in=NOT_CLOSED)
        .values_list("facility__unit__path")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(status__in=AWAITING_FACILITY, due_at__lte=now)),
        )
        .order_by()
    )
    counts: dict[str, tuple[int, int]] = {}
    for path, n_open, n_overdue in rows:
        key = _prefix(path, depth)
        o, d = counts.get(key, (0, 0))
        counts[key] = (o + n_open, d + n_overdue)
    return counts


def corrective_totals(facilities, now) -> dict:
    """The dashboard's one-line summary: requests not yet accepted, overdue, to review."""
    return CorrectiveRequest.objects.filter(facility__in=facilities, status__in=NOT_CLOSED).aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(status__in=AWAITING_FACILITY, due_at__lte=now)),
        to_review=Count("id", filter=Q(status=RequestStatus.ANSWERED)),
    )


def open_corrective_requests(user, facility):
    """The facility page's "Yêu cầu khắc phục đang mở": not yet accepted, by deadline."""
    return (
        corrective_requests_visible_to(user)
        .filter(facility=facility)
        .not_closed()
        .prefetch_related("items")
        .order_by("deadline", "pk")
    )
