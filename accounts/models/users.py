from django.contrib.auth.hashers import acheck_password, check_password
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import (
    NATIONAL_ROLES,
    OFFICER_ROLES,
    Role,
    Sector,
)
from ..hashers import keeps_hash
from .offices import Office
from .units import AdminUnit, Zone

# Officers are a few hundred among hundreds of thousands of facility accounts: the partial
# index on exactly this condition lets the scan and the digest list them without a table scan.
IS_OFFICER = Q(role__in=OFFICER_ROLES) | Q(is_superuser=True)


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.FACILITY)
    unit = models.ForeignKey(
        AdminUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("phạm vi: đơn vị hành chính"),
        help_text=_("Cán bộ thấy mọi cơ sở thuộc đơn vị này và các đơn vị trực thuộc."),
    )
    sectors = models.JSONField(
        _("phạm vi: lĩnh vực"), default=list, blank=True, help_text=_("Để trống để thấy mọi lĩnh vực.")
    )
    zones = models.ManyToManyField(
        Zone, blank=True, related_name="users", verbose_name=_("phạm vi: khu, cụm")
    )
    office = models.ForeignKey(
        Office, models.SET_NULL, null=True, blank=True, related_name="staff", verbose_name=_("cơ quan")
    )
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    must_change_password = models.BooleanField(
        _("phải đổi mật khẩu"),
        default=False,
        help_text=_("Người dùng phải đổi mật khẩu trước khi làm việc khác."),
    )
    email_digest = models.BooleanField(_("nhận email tổng hợp hằng ngày"), default=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        indexes = [models.Index(fields=["id"], condition=IS_OFFICER, name="user_officer_idx")]

    def clean(self):
        super().clean()
        unknown = set(self.sectors or []) - set(Sector.values)
        if unknown:
            raise ValidationError({"sectors": _("Lĩnh vực không hợp lệ: %s") % ", ".join(sorted(unknown))})
        if self.role in (Role.LOCAL_OFFICE, Role.PROVINCE) and not self.unit_id:
            raise ValidationError({"unit": _("Cán bộ địa phương phải có đơn vị hành chính phụ trách.")})

    def check_password(self, raw_password):
        # A generated secret keeps its hash until the user chooses a password: Django's upgrade
        # would re-hash the spelling typed, and the letter's spelling would stop working.
        if keeps_hash(self.password):
            return check_password(raw_password, self.password)
        return super().check_password(raw_password)

    async def acheck_password(self, raw_password):
        if keeps_hash(self.password):
            return await acheck_password(raw_password, self.password)
        return await super().acheck_password(raw_password)

    @property
    def is_facility(self) -> bool:
        return self.role == Role.FACILITY

    @property
    def display_name(self) -> str:
        """Who did it, as pages and documents name the person: the full name; for a facility's
        account (which has none) the facility's name, not the login ("user0", "cs5600…")."""
        name = self.get_full_name()
        if name:
            return name
        if self.is_facility:
            facility = getattr(self, "facility", None)  # the reverse one-to-one; absent if none
            if facility is not None:
                return facility.name
        return self.username

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES or self.is_superuser

    @property
    def is_national(self) -> bool:
        return self.role in NATIONAL_ROLES or self.is_superuser

    def scope_label(self) -> str:
        if self.is_national:
            return str(_("Toàn quốc"))
        parts = []
        if self.unit_id:
            parts.append(self.unit.name)
        if self.sectors:
            parts.append(", ".join(str(Sector(s).label) for s in self.sectors))
        if self.pk and self.zones.exists():
            parts.append(", ".join(z.name for z in self.zones.all()))
        return " — ".join(parts) or str(_("Chưa được phân phạm vi"))
