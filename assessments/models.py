"""A facility's self-assessment against one template version: answers, photos, the result
and the signature. Once signed it never changes; ``digest`` makes any later change visible.

An officer's Kiểm tra thực tế (on-site inspection) is the same record with ``kind``
INSPECTION: the same version, answers, photos, Hoàn thành and signature as the facility's
latest signed self-assessment it started from (``based_on``), so it is filled, scored and
signed by the same machinery and can be compared item by item."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Level
from accounts.models import Facility, period
from checklists.models import AnswerOption, Item, Template, TemplateVersion


class Status(models.TextChoices):
    DRAFT = "draft", _("Đang đánh giá")
    COMPLETED = "completed", _("Đã hoàn thành, chờ ký")
    SIGNED = "signed", _("Đã ký xác nhận")
    ABANDONED = "abandoned", _("Đã bỏ")


OPEN_STATUSES = (Status.DRAFT, Status.COMPLETED)


class AssessmentKind(models.TextChoices):
    SELF = "self", _("Tự đánh giá")
    INSPECTION = "inspection", _("Kiểm tra thực tế")


class AssessmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def signed(self):
        return self.filter(status=Status.SIGNED)

    def self_assessments(self):
        return self.filter(kind=AssessmentKind.SELF)

    def inspections(self):
        return self.filter(kind=AssessmentKind.INSPECTION)

    def stale(self, now=None):
        now = now or timezone.now()
        return self.open().filter(created_at__lt=now - period())


class Assessment(models.Model):
    facility = models.ForeignKey(
        Facility, models.CASCADE, related_name="assessments", verbose_name=_("cơ sở")
    )
    # ``template`` repeats version.template so the database can enforce one open draft per
    # facility and template.
    template = models.ForeignKey(Template, models.PROTECT, related_name="+", verbose_name=_("bộ câu hỏi"))
    version = models.ForeignKey(
        TemplateVersion, models.PROTECT, related_name="assessments", verbose_name=_("phiên bản")
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    kind = models.CharField(
        _("loại"), max_length=10, choices=AssessmentKind.choices, default=AssessmentKind.SELF
    )
    # An inspection's starting point: the facility's self-assessment it checks on site.
    based_on = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("bản tự đánh giá được kiểm tra"),
    )
    # Written when an inspection is signed (items the facility claimed met that the officer
    # found not met): the flag scan asks it for every facility in one query.
    discrepancy_count = models.PositiveIntegerField(
        _("số nội dung không đúng thực tế"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(_("bắt đầu lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("lưu lần cuối"), default=timezone.now)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    score = models.DecimalField(_("điểm (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    level = models.CharField(_("mức độ"), max_length=6, choices=Level.choices, blank=True, default=Level.NONE)
    band = models.CharField(_("xếp loại"), max_length=120, blank=True)
    # The server's time of receipt: what on-time status and the due date go by.
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    # When the signature was drawn on a phone with no connection (the device's own clock, so
    # only a record of what the device said, never used for a deadline).
    device_signed_at = models.DateTimeField(_("ký trên thiết bị lúc"), null=True, blank=True)
    # Whether it was signed by the due date (plus grace) it answered: the on-time rate.
    on_time = models.BooleanField(_("đúng hạn"), null=True, blank=True)
    # For a report (signed, self, required checklist): when the facility last reported before
    # it, and last reported on time (report_links.py keeps them; the dashboard counts with them).
    previous_report_at = models.DateTimeField(null=True, blank=True, editable=False)
    previous_on_time_report_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tài khoản ký"),
    )
    signer_name = models.CharField(_("họ và tên người ký"), max_length=120, blank=True)
    signer_position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    signature = models.FileField(_("chữ ký"), blank=True)
    signature_sha256 = models.CharField(max_length=64, blank=True)
    digest = models.CharField(_("mã kiểm tra toàn vẹn"), max_length=64, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản đánh giá")
        verbose_name_plural = _("bản đánh giá")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "template"],
                condition=Q(status__in=["draft", "completed"], kind="self"),
                name="one_open_assessment_per_facility_template",
            ),
            # Each officer has at most one inspection under way per facility and checklist;
            # two officers on the same visit each keep their own.
            models.UniqueConstraint(
                fields=["facility", "template", "created_by"],
                condition=Q(status__in=["draft", "completed"], kind="inspection"),
                name="one_open_inspection_per_officer",
            ),
        ]
        indexes = [models.Index(fields=["facility", "status", "-signed_at"])]

    def __str__(self):
        return f"{self.facility} — {self.template} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("assessments:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_signed(self) -> bool:
        return self.status == Status.SIGNED

    @property
    def is_inspection(self) -> bool:
        return self.kind == AssessmentKind.INSPECTION

    def discrepancy_ids(self) -> set[int]:
        """Items the facility claimed met (not among its self-assessment's unmet items) that
        this inspection found not met. Both sides are scored by the version's own rules, so a
        risk-index item counts when the facility's answer scored no risk and the officer's
        does."""
        if not self.is_inspection or self.based_on_id is None:
            return set()
        claimed = self.based_on
        claimed_unmet = set(claimed.version.score(claimed.answer_map()).unmet)
        found_unmet = set(self.version.score(self.answer_map()).unmet)
        return found_unmet - claimed_unmet

    def discrepancy_items(self):
        """discrepancy_ids as the version's items, in checklist order."""
        ids = self.discrepancy_ids()
        return [item for item in self.version.items_in_order() if item.id in ids]

    def is_stale(self, now=None) -> bool:
        """A draft older than one period: kept, but the facility is told it is out of date."""
        now = now or timezone.now()
        return self.is_open and self.created_at < now - period()

    def answer_map(self) -> dict[int, tuple[bool | None, int | None]]:
        return {a.item_id: (a.met, a.option_id) for a in self.answers.all()}

    def digest_payload(self) -> bytes:
        """Everything a signature vouches for, in a canonical form."""
        answers = sorted([a.item_id, a.met, a.option_id, a.note] for a in self.answers.all())
        photos = sorted([p.item_id, p.sha256] for p in self.photos.all())
        payload = {
            "assessment": self.pk,
            "facility": self.facility_id,
            "version": self.version_id,
            "answers": answers,
            "photos": photos,
            "score": str(self.score),
            "level": self.level,
            "signer": [self.signer_name, self.signer_position],
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "signature": self.signature_sha256,
        }
        if self.device_signed_at is not None:
            # Only signatures queued offline carry it, so every earlier digest still matches.
            payload["device_signed_at"] = self.device_signed_at.isoformat()
        if self.is_inspection:
            # Only inspections carry these, so every self-assessment signed before they
            # existed keeps the digest it was signed with.
            payload["kind"] = self.kind
            payload["based_on"] = self.based_on_id
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    def compute_digest(self) -> str:
        return hashlib.sha256(self.digest_payload()).hexdigest()

    def digest_matches(self) -> bool:
        return bool(self.digest) and self.compute_digest() == self.digest


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, models.PROTECT, related_name="+")
    met = models.BooleanField(_("đáp ứng"), null=True, blank=True)
    option = models.ForeignKey(AnswerOption, models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="one_answer_per_item")]

    def __str__(self):
        return f"{self.assessment_id}/{self.item_id}"


class Photo(models.Model):
    """A re-encoded JPEG under a random name; served only through a permission-checked view."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="photos")
    item = models.ForeignKey(Item, models.PROTECT, related_name="+")
    image = models.FileField(_("ảnh"))
    thumbnail = models.FileField(_("ảnh thu nhỏ"))
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.image.name


class OutboxReceipt(models.Model):
    """What the server answered to one change, photo or signature sent from a device's
    outbox, under the device's idempotency key: a replay (an answer lost on the way, a phone
    sending its queue twice) gets the same answer and changes nothing."""

    key = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="receipts")
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_receipt_per_key")]

    def __str__(self):
        return self.key


# The corrective requests live in their own module; imported here so Django registers them.
from .corrective import (  # noqa: E402, F401
    CorrectiveItem,
    CorrectivePhoto,
    CorrectiveRequest,
    CorrectiveResponse,
)
