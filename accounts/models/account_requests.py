"""An account request: a local office asks for a login account for a facility that has none
(the access helper and services are in ``accounts.account_requests``)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import FacilityType, Sector
from .units import AdminUnit

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
