"""Hồ sơ theo dõi: one facility's story as one timeline, newest first — flags opened and
closed, signed assessments, and every Nhật ký row about it (contacts, requests, inspections,
decisions: whatever records an Activity with ``target=`` its object shows here without this
module knowing its model).

Each source is read newest first with a LIMIT and the pages merge in Python, so a page costs
the same handful of queries however long the history is."""

from dataclasses import dataclass, field
from datetime import datetime
from heapq import merge
from itertools import islice

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.activity import activities_visible_to
from assessments.models import AssessmentKind, Status
from assessments.scoping import assessments_visible_to

from .flags import flags_visible_to

PAGE_SIZE = 100
MAX_PAGE = 50  # 5,000 entries back: older history is the Nhật ký export's job


@dataclass
class Entry:
    at: datetime
    kind: str  # flag_opened, flag_closed, assessment, or the Activity's action
    title: str
    who: str
    summary: str = ""
    url: str = ""
    level: str = ""  # a map colour, for the badge of signed assessments
    changes: dict = field(default_factory=dict)
    anchor: str = ""


@dataclass
class Timeline:
    entries: list
    page: int
    has_next: bool

    @property
    def next_page(self) -> int:
        return self.page + 1

    @property
    def previous_page(self) -> int:
        return self.page - 1


def person(user) -> str:
    if user is None:
        return _("Hệ thống")
    return user.display_name


def _flag_opened_entries(user, facility, limit):
    flags = flags_visible_to(user).filter(facility=facility)
    for flag in flags.order_by("-opened_at", "-pk")[:limit]:
        yield Entry(
            at=flag.opened_at,
            kind="flag_opened",
            title=_("Cảnh báo: %(kind)s") % {"kind": flag.get_kind_display()},
            who=_("SafeMap (tự động)"),
            anchor=f"flag-{flag.pk}-opened",
        )


def _flag_closed_entries(user, facility, limit):
    flags = flags_visible_to(user).filter(facility=facility, closed_at__isnull=False)
    for flag in flags.order_by("-closed_at", "-pk")[:limit]:
        yield Entry(
            at=flag.closed_at,
            kind="flag_closed",
            title=_("Đóng cảnh báo: %(kind)s") % {"kind": flag.get_kind_display()},
            who=_("SafeMap (tự động)"),
            summary=_("Cảnh báo mở từ %(day)s, trong %(days)s ngày.")
            % {"day": f"{flag.opened_at:%d/%m/%Y}", "days": flag.days_open},
            anchor=f"flag-{flag.pk}-closed",
        )


def _assessment_entries(user, facility, limit):
    signed = (
        assessments_visible_to(user)
        # Inspections are told by their Kiểm tra thực tế row in the Nhật ký (the officer's
        # signature, with its discrepancies): listed here too they read as a facility's own.
        .filter(facility=facility, status=Status.SIGNED, kind=AssessmentKind.SELF)
        .select_related("template")
        .order_by("-signed_at", "-pk")[:limit]
    )
    for a in signed:
        who = ", ".join(x for x in (a.signer_name, a.signer_position) if x) or _("Cơ sở")
        yield Entry(
            at=a.signed_at,
            kind="assessment",
            title=_("Ký tự đánh giá: %(template)s") % {"template": a.template.name},
            who=who,
            summary=_("Kết quả: %(level)s") % {"level": a.get_level_display()},
            url=reverse("assessments:detail", args=[a.pk]),
            level=a.level,
            anchor=f"assessment-{a.pk}",
        )


def _target_url(target, here: str) -> str:
    url = getattr(target, "get_absolute_url", None)
    if url is None:
        return ""
    url = url()
    return "" if url.split("#")[0] == here else url


def _activity_entries(user, facility, limit, here):
    rows = (
        activities_visible_to(user)
        .filter(facility=facility)
        .select_related("actor__facility")
        # One query per kind of target (contacts, requests, …), whatever the number of rows.
        .prefetch_related("target")
        .order_by("-at", "-pk")[:limit]
    )
    for row in rows:
        yield Entry(
            at=row.at,
            kind=row.action,
            title=row.get_action_display(),
            who=person(row.actor),
            summary=row.summary,
            url=_target_url(row.target, here) if row.object_id else "",
            changes=row.changes,
            anchor=f"activity-{row.pk}",
        )


def parse_page(value) -> int:
    """The ?trang= number; anything that is not a page number is the first page."""
    try:
        return max(1, min(int(value), MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def facility_timeline(user, facility, page=1, *, here="") -> Timeline:
    """Page ``page`` (from 1) of the facility's timeline as ``user`` may read it. ``here`` is
    the case file's own URL, so an entry does not link to the page it is on."""
    page = max(1, min(page, MAX_PAGE))
    end = page * PAGE_SIZE
    # One more than the page needs tells whether there is a next page.
    limit = end + 1
    sources = [
        _flag_opened_entries(user, facility, limit),
        _flag_closed_entries(user, facility, limit),
        _assessment_entries(user, facility, limit),
        _activity_entries(user, facility, limit, here),
    ]
    merged = list(islice(merge(*sources, key=lambda e: e.at, reverse=True), limit))
    return Timeline(entries=merged[end - PAGE_SIZE : end], page=page, has_next=len(merged) > end)
