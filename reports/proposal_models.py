"""Đề xuất tạm dừng: the Sở's proposal to UBND tỉnh, a record with its number, date and the
facilities with their reason and evidence. Editable until sent; once sent it is fixed, like a
signed assessment: the evidence is frozen as it stood at sending and nothing can change it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import AdminUnit, Decision, Facility


class ProposalIsFixed(Exception):
    """Raised on any attempt to change a sent proposal or its facilities."""


class Proposal(models.Model):
    number = models.CharField(_("số văn bản"), max_length=40)
    date = models.DateField(_("ngày văn bản"))
    province = models.ForeignKey(
        AdminUnit, models.PROTECT, related_name="+", verbose_name=_("tỉnh, thành phố")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người lập")
    )
    created_at = models.DateTimeField(_("ngày lập"), auto_now_add=True)
    sent_at = models.DateTimeField(_("ngày gửi UBND tỉnh"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    # The decision UBND tỉnh took on it, once recorded.
    decision = models.ForeignKey(
        Decision, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("quyết định")
    )

    class Meta:
        verbose_name = _("đề xuất tạm dừng")
        verbose_name_plural = _("đề xuất tạm dừng")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"Đề xuất số {self.number} ngày {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        # Only the decision link may be written on a sent proposal: it is not the proposal's
        # content but what became of it.
        if self._sent_in_db() and set(kwargs.get("update_fields") or ()) != {"decision"}:
            raise ProposalIsFixed("Đề xuất đã gửi UBND tỉnh, không được sửa.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:proposal_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self._sent_in_db():
            raise ProposalIsFixed("Đề xuất đã gửi UBND tỉnh, không được xóa.")
        return super().delete(*args, **kwargs)

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    def _sent_in_db(self) -> bool:
        return self.pk is not None and Proposal.objects.filter(pk=self.pk, sent_at__isnull=False).exists()


class ProposalItemQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(proposal__sent_at__isnull=False).exists():
            raise ProposalIsFixed("Đề xuất đã gửi UBND tỉnh, không được sửa.")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(proposal__sent_at__isnull=False).exists():
            raise ProposalIsFixed("Đề xuất đã gửi UBND tỉnh, không được xóa.")
        return super().delete()


class ProposalItem(models.Model):
    """One facility on a proposal. While the proposal is a draft ``reason`` and ``evidence``
    are recomputed on each view; sending writes them here, once."""

    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="items")
    facility = models.ForeignKey(Facility, models.PROTECT, related_name="+", verbose_name=_("cơ sở"))
    reason = models.CharField(_("lý do đề xuất"), max_length=200, blank=True)
    evidence = models.JSONField(_("căn cứ"), default=dict, blank=True)

    objects = ProposalItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ sở đề xuất tạm dừng")
        verbose_name_plural = _("cơ sở đề xuất tạm dừng")
        constraints = [models.UniqueConstraint(fields=["proposal", "facility"], name="proposal_item_once")]

    def __str__(self):
        return f"{self.proposal} — {self.facility}"

    def save(self, *args, **kwargs):
        # Sending writes the snapshot in the same transaction that stamps sent_at, before it.
        if self._fixed():
            raise ProposalIsFixed("Đề xuất đã gửi UBND tỉnh, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._fixed():
            raise ProposalIsFixed("Đề xuất đã gửi UBND tỉnh, không được xóa.")
        return super().delete(*args, **kwargs)

    def _fixed(self) -> bool:
        return Proposal.objects.filter(pk=self.proposal_id, sent_at__isnull=False).exists()
