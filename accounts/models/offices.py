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

    # The rest of a document's header and signature (accounts.paperwork): blank fields are taken
    # from the province's Sở, so a division or a local office needs only its own code.
    parent_name = models.CharField(
        _("cơ quan chủ quản"),
        max_length=120,
        blank=True,
        help_text=_("In trên tên cơ quan ở góc trái văn bản, ví dụ: UBND TỈNH ĐIỆN BIÊN."),
    )
    issuer_name = models.CharField(
        _("tên cơ quan ban hành"),
        max_length=120,
        blank=True,
        help_text=_("Tên in ở góc trái văn bản, ví dụ: SỞ CÔNG THƯƠNG. Để trống: dùng tên cơ quan."),
    )
    issuer_code = models.CharField(
        _("ký hiệu cơ quan ban hành"),
        max_length=20,
        blank=True,
        help_text=_("Chữ viết tắt tên cơ quan trong số văn bản, ví dụ: SCT trong …/SCT-QLCN."),
    )
    signer_capacity = models.CharField(
        _("quyền hạn, chức vụ người ký"),
        max_length=120,
        blank=True,
        help_text=_("Mỗi dòng cách nhau bởi dấu |, ví dụ: KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC."),
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)

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

    def department(self):
        """The Sở Công Thương of this office's province (itself for a Sở), or None."""
        if self.kind == OfficeKind.DEPARTMENT:
            return self
        province = self.unit.province
        if province is None:
            return None
        return Office.objects.filter(unit=province, kind=OfficeKind.DEPARTMENT).order_by("pk").first()

    def document_fields(self) -> dict:
        """What a document issued by this office prints: parent, issuer, code ("SCT-QLCN"),
        place, the signer's capacity lines and name. A division issues in its Sở's name, so its
        blank fields are the Sở's; any other office's blanks fall back to its own unit."""
        dept = self.department() if self.kind == OfficeKind.DIVISION else None

        def pick(field):
            return getattr(self, field) or (getattr(dept, field) if dept else "")

        capacity = self.signer_capacity if self.signer_name or not dept else dept.signer_capacity
        return {
            "parent": pick("parent_name")
            or (f"UBND {self.unit.name}" if self.kind == OfficeKind.LOCAL else ""),
            "issuer": pick("issuer_name") or (dept.name if dept else self.name),
            "name": dept.name if dept else self.name,
            "code": "-".join(c for c in (pick("issuer_code"), self.code) if c),
            "place": pick("place_name"),
            "capacity": [line.strip() for line in capacity.split("|") if line.strip()],
            "signer": self.signer_name or (dept.signer_name if dept else ""),
        }

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
