"""Account requests: a local office asks for login accounts for facilities that have none;
the province reviews and compiles them; the ministry or an admin exports them to issue the
accounts. The model is ``accounts.models.AccountRequest``; its access helper and services are here."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .activity import activity_record
from .choices import Role
from .models import AccountRequest, Action
from .scoping import units_visible_to


def can_view(user) -> bool:
    """Zone boards see none: their scope is their zones, and a request names only the unit,
    which holds far more than a zone (the names, tax codes and notes of the whole unit)."""
    return user.is_authenticated and user.is_officer and (user.is_national or user.role != Role.ZONE_BOARD)


def account_requests_visible_to(user):
    """Requests the user may see: national roles all; officers of a unit those for units (and
    sectors) in their scope; zone boards and everyone else none."""
    q = AccountRequest.objects.select_related("unit", "submitted_by")
    if not can_view(user):
        return q.none()
    if user.is_national:
        return q
    q = q.filter(unit__in=units_visible_to(user))
    if user.sectors:
        q = q.filter(sector__in=user.sectors)
    return q


def get_account_request_for_user(user, pk) -> AccountRequest:
    return get_object_or_404(account_requests_visible_to(user), pk=pk)


def can_submit(user) -> bool:
    return user.is_authenticated and user.role in (Role.LOCAL_OFFICE, Role.PROVINCE) and bool(user.unit_id)


def can_review(user) -> bool:
    return user.is_authenticated and (user.role == Role.PROVINCE or user.is_national)


def can_issue(user) -> bool:
    return user.is_authenticated and user.is_national


def account_requests_submit(*, rows: list[dict], by) -> list[AccountRequest]:
    return AccountRequest.objects.bulk_create([AccountRequest(submitted_by=by, **row) for row in rows])


def account_requests_review(*, requests, approve: bool, by, note: str = "") -> int:
    """Approve (compile) or return pending requests; already handled ones are left alone. Each
    one handled gets its line in the Nhật ký, in the same transaction."""
    status = AccountRequest.Status.APPROVED if approve else AccountRequest.Status.REJECTED
    with transaction.atomic():
        pending = list(
            requests.filter(
                status__in=[AccountRequest.Status.SUBMITTED, AccountRequest.Status.REJECTED]
            ).select_for_update(of=("self",))
        )
        n = AccountRequest.objects.filter(pk__in=[r.pk for r in pending]).update(
            status=status, reviewed_by=by, reviewed_at=timezone.now(), review_note=note
        )
        with translation.override("vi"):  # the log reads the same whatever the reviewer's language
            for r in pending:
                activity_record(
                    actor=by,
                    action=Action.ACCOUNT_REQUEST_APPROVED if approve else Action.ACCOUNT_REQUEST_REJECTED,
                    target=r,
                    summary=(
                        _("Duyệt đề nghị cấp tài khoản: %(name)s")
                        if approve
                        else _("Trả lại đề nghị cấp tài khoản: %(name)s")
                    )
                    % {"name": r},
                    changes={_("trạng thái"): [r.get_status_display(), status.label]}
                    | ({_("ghi chú của Sở"): [r.review_note, note]} if note != r.review_note else {}),
                )
    return n


def account_requests_mark_issued(*, requests) -> int:
    return requests.filter(status=AccountRequest.Status.APPROVED).update(
        status=AccountRequest.Status.ISSUED, issued_at=timezone.now()
    )


def account_requests_take_for_issuing(*, by) -> list[AccountRequest]:
    """The approved requests in the user's scope, in list order, marked exported (the first time
    only) in the same step: what the ministry issues accounts from."""
    requests = account_requests_visible_to(by).filter(status=AccountRequest.Status.APPROVED)
    with transaction.atomic():
        taken = list(requests.select_related("unit", "submitted_by").order_by("unit__path", "name"))
        AccountRequest.objects.filter(pk__in=[r.pk for r in taken], exported_at__isnull=True).update(
            exported_at=timezone.now()
        )
        with translation.override("vi"):
            activity_record(
                actor=by,
                action=Action.EXPORTED,
                summary=_("Xuất danh sách đề nghị cấp tài khoản đã tổng hợp (XLSX), %(n)s dòng")
                % {"n": len(taken)},
            )
    return taken
