"""The Nhật ký pages: the officer's log of their scope with its XLSX export, and one facility's
log as XLSX (from the facility page). Read-only: nothing here, nor anywhere, edits or deletes a
row (tests/reports/test_journal_pages.py checks that no code path does)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.activity import activities_visible_to
from accounts.decorators import officer_required
from accounts.scoping import get_facility_for_user, units_visible_to
from accounts.text import fold
from safemap.spreadsheets import table_download

from .journal import JOURNAL_COLUMNS, JournalFilterForm, journal_rows
from .services import export_recorded

PAGE_SIZE = 50


def _filtered(request):
    form = JournalFilterForm(request.GET, units=units_visible_to(request.user))
    return form, form.filter(activities_visible_to(request.user))


@officer_required
@require_GET
def journal(request):
    form, activities = _filtered(request)
    activities = activities.select_related("actor__facility", "facility__unit").order_by("-at", "-id")
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    ctx = {"form": form, "page": page, "querystring": params.urlencode()}
    return render(request, "reports/journal.html", ctx)


def _download(request, activities, *, title, stem, facility=None, back):
    """The log as XLSX; too long a log is refused with a message rather than tying up a worker
    for minutes (a date range or a unit makes it short enough)."""
    total = activities.count()
    if total > settings.EXPORT_SYNC_MAX_ROWS:
        messages.error(
            request,
            _(
                "Nhật ký có %(n)s dòng, quá dài để tải một lần (tối đa %(max)s): hãy lọc theo ngày hoặc địa bàn."
            )
            % {"n": total, "max": settings.EXPORT_SYNC_MAX_ROWS},
        )
        return redirect(back)
    with translation.override("vi"):  # evidence for a suspension file: Vietnamese, like the letters
        response = table_download(
            journal_rows(activities),
            fmt="xlsx",
            columns=JOURNAL_COLUMNS,
            stem=stem,
            sheet_title=_("Nhật ký"),
            heading_rows=[title],
        )
        # Recorded once the file is built (XLSX is written before it is sent), so the file
        # does not list its own download.
        export_recorded(user=request.user, title=title, fmt="xlsx", rows=total, facility=facility)
    return response


@officer_required
@require_GET
def journal_xlsx(request):
    form, activities = _filtered(request)
    back = reverse("reports:journal") + (f"?{request.GET.urlencode()}" if request.GET else "")
    if not form.is_valid():
        return redirect(back)
    return _download(
        request,
        activities,
        title=_("Nhật ký — %(scope)s") % {"scope": request.user.scope_label()},
        stem="nhat-ky",
        back=back,
    )


@officer_required
@require_GET
def facility_journal_xlsx(request, pk):
    facility = get_facility_for_user(request.user, pk)
    activities = activities_visible_to(request.user).filter(facility=facility)
    return _download(
        request,
        activities,
        title=_("Nhật ký — %(name)s") % {"name": facility.name},
        stem=f"nhat-ky-{slugify(fold(facility.name))[:40] or facility.pk}",
        facility=facility,
        back=reverse("reports:facility_detail", args=[facility.pk]),
    )
