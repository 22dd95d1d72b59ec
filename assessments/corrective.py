"""Yêu cầu khắc phục: an officer asks a facility to fix unmet items of its latest signed
assessment (or something the officer writes), by a deadline; the facility answers with a note
and photos ("Đã khắc phục"); the officer accepts or sends it back. Every round is kept."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Facility
from checklists.models import Item


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Đang chờ khắc phục")
    ANSWERED = "answered", _("Đã khắc phục, chờ xem xét")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    RETURNED = "returned", _("Yêu cầu làm lại")


# Waiting for the facility: these can run past their deadline.
AWAITING_FACILITY = (RequestStatus.OPEN, RequestStatus.RETURNED)
# Not yet signed off by the officer.
NOT_CLOSED = (RequestStatus.OPEN, RequestStatus.RETURNED, RequestStatus.ANSWERED)


def deadline_end(day):
    """The moment a deadline has passed: midnight after that day, in the country's time."""
    return timezone.make_aware(
        datetime.combine(day + timedelta(days=1), time()), timezone.get_default_timezone()
    )


class CorrectiveRequestQuerySet(models.QuerySet):
    def not_closed(self):
        return self.filter(status__in=NOT_CLOSED)

    def awaiting_facility(self):
        return self.filter(status__in=AWAITING_FACILITY)

    def awaiting_review(self):
        return self.filter(status=RequestStatus.ANSWERED)

    def overdue(self, now=None):
        return self.awaiting_facility().filter(due_at__lte=now or timezone.now())


class CorrectiveRequest(models.Model):
    facility = models.ForeignKey(
        Facility, models.CASCADE, related_name="corrective_requests", verbose_name=_("cơ sở")
    )
    # The signed assessment the ticked items came from (the latest when the request was made).
    assessment = models.ForeignKey(
        "assessments.Assessment",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bản đánh giá"),
    )
    deadline = models.DateField(_("hạn khắc phục"))
    # deadline_end(deadline), stored so the flag scan compares and orders it in SQL.
    due_at = models.DateTimeField(_("quá hạn từ"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người yêu cầu")
    )
    created_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now)
    closed_at = models.DateTimeField(_("chấp nhận lúc"), null=True, blank=True)

    objects = CorrectiveRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu khắc phục")
        verbose_name_plural = _("yêu cầu khắc phục")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(status__in=["open", "returned"]), name="corrective_waiting_idx"
            ),
            models.Index(fields=["facility", "status"], name="corrective_facility_idx"),
        ]

    def __str__(self):
        return f"{self.facility} — {self.get_status_display()}"

    def save(self, *args, **kwargs):
        self.due_at = deadline_end(self.deadline)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The officer's page; the facility's own is facility_url.
        return reverse("reports:corrective_request", args=[self.pk])

    def facility_url(self):
        return reverse("assessments:corrective_request", args=[self.pk])

    @property
    def is_awaiting_facility(self) -> bool:
        return self.status in AWAITING_FACILITY

    @property
    def is_awaiting_review(self) -> bool:
        return self.status == RequestStatus.ANSWERED

    @property
    def is_accepted(self) -> bool:
        return self.status == RequestStatus.ACCEPTED

    def is_overdue(self, now=None) -> bool:
        return self.is_awaiting_facility and self.due_at <= (now or timezone.now())

    def days_left(self, today=None) -> int:
        """Days until the deadline (0 on the day itself), negative once it has passed."""
        return (self.deadline - (today or timezone.localdate())).days

    @property
    def days_overdue(self) -> int:
        return -self.days_left()

    def summary(self) -> str:
        texts = [i.text for i in self.items.all()]
        first = texts[0] if texts else ""
        return first if len(texts) <= 1 else f"{first} (+{len(texts) - 1})"


class CorrectiveItem(models.Model):
    """One thing to fix. The criterion's text is copied: a later version of the checklist
    must not change what the facility was asked."""

    request = models.ForeignKey(CorrectiveRequest, models.CASCADE, related_name="items")
    item = models.ForeignKey(Item, models.SET_NULL, null=True, blank=True, related_name="+")
    code = models.CharField(_("mã"), max_length=20, blank=True)
    text = models.TextField(_("nội dung cần khắc phục"), max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nội dung cần khắc phục")
        verbose_name_plural = _("nội dung cần khắc phục")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.code} {self.text}".strip()


class ResponseKind(models.TextChoices):
    ANSWER = "answer", _("Cơ sở báo đã khắc phục")
    ACCEPT = "accept", _("Chấp nhận")
    RETURN = "return", _("Yêu cầu làm lại")


class CorrectiveResponse(models.Model):
    """One round: the facility's answer with its photos, or the officer's verdict on it
    (accepted, or sent back with the reason)."""

    request = models.ForeignKey(CorrectiveRequest, models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=6, choices=ResponseKind.choices, default=ResponseKind.ANSWER)
    note = models.TextField(_("ghi chú"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # When sent back with a new deadline: the one it replaced.
    old_deadline = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("phản hồi khắc phục")
        verbose_name_plural = _("phản hồi khắc phục")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.request_id} — {self.get_kind_display()}"

    @property
    def is_answer(self) -> bool:
        return self.kind == ResponseKind.ANSWER


class CorrectivePhoto(models.Model):
    """A re-encoded JPEG (assessments.photos), served only through a permission-checked view."""

    response = models.ForeignKey(CorrectiveResponse, models.CASCADE, related_name="photos")
    image = models.FileField(_("ảnh"))
    thumbnail = models.FileField(_("ảnh thu nhỏ"))
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("ảnh khắc phục")
        verbose_name_plural = _("ảnh khắc phục")
        ordering = ["id"]

    def __str__(self):
        return self.image.name
