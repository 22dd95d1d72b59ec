"""Recording the People's Committee's decisions: Quyết định tạm dừng puts facilities in the
"Tạm dừng hoạt động" state, Cho hoạt động trở lại takes one out of it. Each writes the
Nhật ký, one row per facility, in the same transaction as the change."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .activity import activity_record
from .models import Action, Decision, DecisionKind, Facility
from .scoping import facilities_visible_to, holds_every_facility


class ReopenRefused(ValueError):
    """Cho hoạt động trở lại without a passing result signed after the suspension."""


def _attach(decision, document):
    if document is not None:
        decision.file.save(f"quyet-dinh.{document.ext}", ContentFile(document.data), save=True)


@transaction.atomic
@translation.override("vi")  # the Nhật ký reads the same whatever the officer's UI language
def suspension_decide(*, by, number, date, signer, facilities, document=None) -> Decision:
    """``facilities`` already checked against the officer's scope; those already suspended
    are skipped (their decision in force stays the one that suspended them)."""
    now = timezone.now()
    ids = list(
        Facility.objects.filter(pk__in=[f.pk for f in facilities], suspended_at__isnull=True)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    decision = Decision.objects.create(
        kind=DecisionKind.SUSPEND, number=number, date=date, signer=signer, created_by=by
    )
    _attach(decision, document)
    decision.facilities.set(ids)
    # updated_at by hand: update() skips auto_now, and the map's ETag reads it.
    Facility.objects.filter(pk__in=ids).update(suspended_at=now, suspension=decision, updated_at=now)
    summary = _("Quyết định tạm dừng số %(number)s ngày %(date)s, người ký %(signer)s") % {
        "number": number,
        "date": f"{date:%d/%m/%Y}",
        "signer": signer,
    }
    for facility in Facility.objects.filter(pk__in=ids).order_by("pk"):
        activity_record(
            actor=by,
            action=Action.SUSPENDED,
            facility=facility,
            target=decision,
            summary=summary,
            changes={_("Tình trạng hoạt động"): [_("Đang hoạt động"), _("Tạm dừng hoạt động")]},
            at=now,
        )
    return decision


@transaction.atomic
@translation.override("vi")
def suspension_lift(*, by, facility, number, date, signer, document=None) -> Decision:
    """Refused (ReopenRefused, nothing written) unless the facility has a passing result
    signed after it was suspended."""
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    if not facility.is_suspended:
        raise ReopenRefused(_("Cơ sở không ở tình trạng tạm dừng hoạt động."))
    if not facility.can_reopen:
        raise ReopenRefused(
            _(
                "Chưa thể cho hoạt động trở lại: cơ sở chưa có kết quả đánh giá đạt (An toàn hoặc "
                "Có rủi ro) được ký sau ngày tạm dừng %(date)s — tự đánh giá hoặc kiểm tra thực tế."
            )
            % {"date": f"{timezone.localtime(facility.suspended_at):%d/%m/%Y}"}
        )
    suspended_by = facility.suspension
    decision = Decision.objects.create(
        kind=DecisionKind.REOPEN, number=number, date=date, signer=signer, created_by=by
    )
    _attach(decision, document)
    decision.facilities.set([facility.pk])
    facility.suspended_at = None
    facility.suspension = None
    facility.save(update_fields=["suspended_at", "suspension", "updated_at"])
    activity_record(
        actor=by,
        action=Action.REOPENED,
        facility=facility,
        target=decision,
        summary=_("Cho hoạt động trở lại theo quyết định số %(number)s ngày %(date)s (thay %(old)s)")
        % {"number": number, "date": f"{date:%d/%m/%Y}", "old": suspended_by.number if suspended_by else "—"},
        changes={_("Tình trạng hoạt động"): [_("Tạm dừng hoạt động"), _("Đang hoạt động")]},
    )
    return decision


def decisions_visible_to(user):
    """Decisions about at least one facility the user may see: a facility sees those that
    concern itself, an officer those about their scope (the one access helper for decisions)."""
    if not user.is_authenticated:
        return Decision.objects.none()
    scope = facilities_visible_to(user)
    if holds_every_facility(scope) and not user.is_facility:
        return Decision.objects.all()
    return Decision.objects.filter(Q(facilities__in=scope)).distinct()
