"""Account requests: a local office asks for login accounts for facilities that have none;
the province reviews and compiles them; the ministry or an admin exports them to issue the
accounts. Model, access helper and services live together: it is one small concept."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import FacilityType, Role, Sector
from .models import AdminUnit
from .scoping import units_visible_to

tax_code_validator = RegexValidator(
    r"^\d{10}(-\d{3})?$", _("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số.")
)


class AccountRequest(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Chờ Sở xem xét")
        APPROVED = "approved", _("Sở đã tổng hợp, chờ cấp tài khoản")
        REJECTED = "rejected", _("Bị trả lại")
        ISSUED = "issued", _("Đã cấp tài khoản")

    name = models.CharField(_("tên cơ sở"), max_length=255)
    tax_code = models.CharField(_("mã số thuế"), max_length=20, validators=[tax_code_validator])
    address = models.CharField(_("địa chỉ"), max_length=500)
    unit = models.ForeignKey(
        AdminUnit, models.PROTECT, related_name="account_requests", verbose_name=_("đơn vị hành chính")
    )
    sector = models.CharField(_("lĩnh vực"), max_length=10, choices=Sector.choices, default=Sector.INDUSTRY)
    facility_type = models.CharField(
        _("loại hình"), max_length=12, choices=FacilityType.choices, default=FacilityType.FACTORY
    )
    contact_name = models.CharField(_("người liên hệ"), max_length=120)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=40)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    review_note = models.CharField(_("ghi chú của Sở"), max_length=300, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="account_requests", verbose_name=_("người gửi")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xem xét"),
    )
    reviewed_at = models.DateTimeField(_("ngày xem xét"), null=True, blank=True)
    exported_at = models.DateTimeField(_("ngày xuất để cấp"), null=True, blank=True)
    issued_at = models.DateTimeField(_("ngày cấp tài khoản"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày gửi"), auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị cấp tài khoản")
        verbose_name_plural = _("đề nghị cấp tài khoản")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.tax_code})"


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
    """Approve (compile) or return pending requests; already handled ones are left alone."""
    return requests.filter(
        status__in=[AccountRequest.Status.SUBMITTED, AccountRequest.Status.REJECTED]
    ).update(
        status=AccountRequest.Status.APPROVED if approve else AccountRequest.Status.REJECTED,
        reviewed_by=by,
        reviewed_at=timezone.now(),
        review_note=note,
    )


def account_requests_mark_issued(*, requests) -> int:
    return requests.filter(status=AccountRequest.Status.APPROVED).update(
        status=AccountRequest.Status.ISSUED, issued_at=timezone.now()
    )
