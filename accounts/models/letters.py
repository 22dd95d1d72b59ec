"""Credential letters by the office that hands them out. An import's letters are split, when the
admin confirms it, into one batch per holder: the local economic office of a commune or district
(``unit``), the board of an industrial zone (``zone``), or the admins for the facilities no office
holds (neither). Each batch is downloaded once by its holder; a batch never downloaded can be
reissued (new secrets), which replaces it by a new batch of the same rows."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .imports import ImportJob
from .offices import Office
from .units import AdminUnit, Zone


class ImportLetterBatchQuerySet(models.QuerySet):
    def current(self):
        """Not replaced by a reissue: what the pages list."""
        return self.filter(replaced_at__isnull=True)

    def with_size(self):
        """Annotate ``size``: the letters it holds (accounts created by the import)."""
        return self.annotate(
            size=Count("rows", filter=Q(rows__status="created", rows__facility__isnull=False))
        )


class ImportLetterBatch(models.Model):
    job = models.ForeignKey(
        ImportJob, models.CASCADE, related_name="letter_batches", verbose_name=_("lượt nhập")
    )
    unit = models.ForeignKey(
        AdminUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("địa bàn của phòng kinh tế"),
    )
    zone = models.ForeignKey(
        Zone, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("khu, cụm công nghiệp")
    )
    # Written on each facility as ``letter_office`` when the batch is downloaded.
    office = models.ForeignKey(
        Office, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("cơ quan")
    )
    created_at = models.DateTimeField(_("thời điểm lập"), default=timezone.now)
    # A reissued batch's secrets expire from its own sealing; None: the import's expiry.
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    reissued_from = models.OneToOneField(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reissued_as",
        verbose_name=_("cấp lại thay cho"),
    )
    reissued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cấp lại"),
    )
    replaced_at = models.DateTimeField(_("bị thay bằng bản cấp lại lúc"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("thời điểm tải"), null=True, blank=True)
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tải"),
    )

    objects = ImportLetterBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ thư tài khoản")
        verbose_name_plural = _("bộ thư tài khoản")
        ordering = ["-job__created_at", "unit__path", "zone__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(zone__isnull=True), name="letter_batch_one_holder"
            )
        ]

    def __str__(self):
        return f"{self.holder_label()} — #{self.job_id}"

    def get_absolute_url(self):
        return reverse("letter_batch_list") + f"?lan-nhap={self.job_id}#bo-thu-{self.pk}"

    @property
    def held_by_admins(self) -> bool:
        return self.unit_id is None and self.zone_id is None

    def holder_label(self) -> str:
        if self.office_id:
            return self.office.name
        if self.zone_id:
            return str(_("Ban quản lý %(zone)s")) % {"zone": self.zone.name}
        if self.unit_id:
            return str(_("Phòng Kinh tế %(unit)s")) % {"unit": self.unit.name}
        return str(_("Quản trị hệ thống (cơ sở không thuộc phòng nào)"))

    def secrets_expire_at(self):
        return self.expires_at or self.job.secrets_expire_at()

    def secrets_expired(self, now=None) -> bool:
        """The import's rule (ImportJob.secrets_expired) for the batches made at confirm time; a
        reissued batch counts from its own sealing."""
        if self.expires_at is None:
            return self.job.secrets_expired(now)
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_replaced(self) -> bool:
        return self.replaced_at is not None

    @property
    def is_available(self) -> bool:
        """Its letters can be downloaded now (by its holder)."""
        return (
            self.job.status == ImportJob.Status.DONE
            and self.downloaded_at is None
            and not self.is_replaced
            and not self.secrets_expired()
        )

    @property
    def can_reissue(self) -> bool:
        """Never downloaded: its secrets were never handed to anyone, so new ones can replace them."""
        return (
            self.job.status == ImportJob.Status.DONE and self.downloaded_at is None and not self.is_replaced
        )

    @staticmethod
    def reissue_ttl() -> timedelta:
        return timedelta(hours=settings.IMPORT_SECRETS_TTL_HOURS)
