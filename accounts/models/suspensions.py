"""Quyết định tạm dừng / Cho hoạt động trở lại: the People's Committee's decisions about a
facility's operation. They live here, beside Facility, because the facility's own home page
(assessments) shows them and lower layers cannot read reports. Who may record one is the
officers' views' business (reports); what a decision is and does is here."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def decision_path(decision, filename):
    # A random folder and name: files are served only through the access-checked view.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"decisions/{secrets.token_hex(16)}/quyet-dinh.{ext}"


class DecisionKind(models.TextChoices):
    SUSPEND = "suspend", _("Quyết định tạm dừng")
    REOPEN = "reopen", _("Cho hoạt động trở lại")


class Decision(models.Model):
    """One signed decision. Facilities suspended by it point back at it
    (``Facility.suspension``) while it is in force; ``facilities`` keeps whom it concerned
    after they reopen."""

    kind = models.CharField(_("loại quyết định"), max_length=8, choices=DecisionKind.choices)
    number = models.CharField(_("số quyết định"), max_length=40)
    date = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=120)
    file = models.FileField(_("bản quét quyết định"), upload_to=decision_path, blank=True, max_length=200)
    facilities = models.ManyToManyField(
        "accounts.Facility", related_name="decisions", verbose_name=_("cơ sở")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người ghi nhận")
    )
    created_at = models.DateTimeField(_("ngày ghi nhận"), auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} số {self.number} ngày {self.date:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("reports:decision_detail", args=[self.pk])

    @property
    def file_is_pdf(self) -> bool:
        return bool(self.file) and self.file.name.endswith(".pdf")
