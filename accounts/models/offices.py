from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import (
    OfficeKind,
    Sector,
)
from .units import AdminUnit


class Office(models.Model):
    """A government office: the Sở and its divisions, a local economic office, a zone board.
    Facilities see the offices above them, for their sector, as "who to call"."""

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=OfficeKind.choices)
    unit = models.ForeignKey(AdminUnit, models.PROTECT, related_name="offices", verbose_name=_("địa bàn"))
    sectors = models.JSONField(_("lĩnh vực phụ trách"), default=list, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    contact_name = models.CharField(_("cán bộ đầu mối"), max_length=120, blank=True)
    contact_mobile = models.CharField(_("di động"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # What the office's documents print (Nghị định 30/2020/NĐ-CP): "Điện Biên Phủ, ngày …"
    # and "Số: …/SCT-QLCN".
    place_name = models.CharField(
        _("địa danh"),
        max_length=60,
        blank=True,
        help_text=_("In ở dòng ngày tháng của văn bản, ví dụ: Điện Biên Phủ."),
    )
    code = models.CharField(
        _("ký hiệu"),
        max_length=20,
        blank=True,
        help_text=_("Chữ viết tắt của đơn vị soạn thảo trong số văn bản, ví dụ: QLCN trong …/SCT-QLCN."),
    )

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["unit__path", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        unknown = set(self.sectors or []) - set(Sector.values)
        if unknown:
            raise ValidationError({"sectors": _("Lĩnh vực không hợp lệ: %s") % ", ".join(sorted(unknown))})

    def sector_labels(self) -> str:
        return ", ".join(str(Sector(s).label) for s in self.sectors or [])

    @classmethod
    def contacts_for(cls, facility):
        """Offices responsible for the facility's unit (or a unit above it) and sector."""
        paths = facility.unit.ancestor_paths()
        offices = (
            cls.objects.filter(unit__path__in=paths).select_related("unit").order_by("-unit__depth", "name")
        )
        return [o for o in offices if not o.sectors or facility.sector in o.sectors]
