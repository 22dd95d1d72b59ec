from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import (
    UnitKind,
    ZoneKind,
)
from ..text import fold

# Vietnam's mainland and islands (Hoàng Sa, Trường Sa) fit in this box.
LAT_RANGE = (6.0, 23.5)
LNG_RANGE = (102.0, 117.5)


def period() -> timedelta:
    return timedelta(days=settings.ASSESSMENT_PERIOD_DAYS)


def grace() -> timedelta:
    return timedelta(days=settings.ASSESSMENT_GRACE_DAYS)


class AdminUnit(models.Model):
    """An administrative unit in a tree of any depth. ``path`` is a materialised path
    ("/cur/11/03199/") so that a whole subtree is one indexed prefix query."""

    SOURCE_CURRENT = "cur"  # 34 provinces and their communes, since 1 July 2025
    SOURCE_GSO = "gso"  # legacy province → district → commune list of the statistics office

    code = models.CharField(_("mã"), max_length=16)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("cấp"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    source = models.CharField(_("danh mục"), max_length=3, default=SOURCE_CURRENT)
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["source", "code"], name="unit_source_code_unique")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = self.make_path(self.source, self.code, self.parent)
        self.depth = self.path.count("/") - 2
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @staticmethod
    def make_path(source: str, code: str, parent: "AdminUnit | None") -> str:
        return (parent.path if parent else f"/{source}/") + f"{code}/"

    def subtree(self):
        return AdminUnit.objects.filter(path__startswith=self.path)

    def ancestor_paths(self) -> list[str]:
        parts = self.path.strip("/").split("/")
        return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(1, len(parts))]

    def ancestors(self):
        """This unit and every unit above it, top first."""
        return AdminUnit.objects.filter(path__in=self.ancestor_paths()).order_by("depth")

    @property
    def province(self) -> "AdminUnit":
        return self.ancestors().first() or self

    def full_name(self) -> str:
        return ", ".join(u.name for u in reversed(list(self.ancestors())))


class Zone(models.Model):
    """An economic zone, industrial zone or industrial cluster."""

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(
        _("loại"), max_length=3, choices=ZoneKind.choices, default=ZoneKind.INDUSTRIAL_ZONE
    )
    unit = models.ForeignKey(AdminUnit, models.PROTECT, related_name="zones", verbose_name=_("địa bàn"))

    class Meta:
        verbose_name = _("khu, cụm công nghiệp")
        verbose_name_plural = _("khu, cụm công nghiệp")
        ordering = ["name"]

    def __str__(self):
        return self.name
