import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Facility


def export_path(job, filename):
    # A random folder: files are served only through the owner-checked download view.
    return f"exports/{secrets.token_hex(16)}/{filename}"


class ExportJob(models.Model):
    """A large export running in the background; only the user who asked may download it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang xuất")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="export_jobs")
    # "facilities": a list export (reports.export_jobs); "letters": a letter batch's ZIP, built
    # once and downloaded once, as it holds initial passwords (reports.document_jobs).
    kind = models.CharField(max_length=20, default="facilities")
    fmt = models.CharField(
        max_length=4,
        choices=[("xlsx", "XLSX"), ("csv", "CSV"), ("zip", "ZIP"), ("docx", "DOCX"), ("pdf", "PDF")],
    )
    params = models.TextField(blank=True, help_text="The list's filters as a query string.")
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=export_path, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class FlagKind(models.TextChoices):
    OVERDUE = "overdue", _("Quá hạn đánh giá")
    UNSAFE = "unsafe", _("Không an toàn")
    NEVER_ASSESSED = "never_assessed", _("Chưa từng đánh giá")
    DISCREPANCY = "discrepancy", _("Tự đánh giá không đúng thực tế")
    REQUEST_OVERDUE = "request_overdue", _("Quá hạn khắc phục")


class FlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Flag(models.Model):
    """A facility officers must chase. Opened and closed only by the scan (reports/flags.py).

    ``opened_at`` is when the condition began (due date plus grace, the red signature, the
    end of the first period), not when a scan noticed it, so "open for N days" is exact
    whatever the scan cadence; ``created_at`` is the scan that noticed it."""

    facility = models.ForeignKey(Facility, models.CASCADE, related_name="flags", verbose_name=_("cơ sở"))
    kind = models.CharField(_("loại"), max_length=16, choices=FlagKind.choices)
    opened_at = models.DateTimeField(_("bắt đầu"))
    closed_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("phát hiện lúc"))

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("cảnh báo")
        verbose_name_plural = _("cảnh báo")
        ordering = ["-opened_at"]
        constraints = [
            # Two scans racing each other can never open the same flag twice.
            models.UniqueConstraint(
                fields=["facility", "kind"],
                condition=Q(closed_at__isnull=True),
                name="flag_one_open_per_kind",
            ),
        ]
        indexes = [
            models.Index(
                fields=["kind", "opened_at"], condition=Q(closed_at__isnull=True), name="flag_open_idx"
            ),
            # Only new (open) flags are looked up by scan time; closing a flag then costs one
            # index entry less.
            models.Index(fields=["created_at"], condition=Q(closed_at__isnull=True), name="flag_created_idx"),
        ]

    def __str__(self):
        return f"{self.facility} — {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def days_open(self) -> int:
        return ((self.closed_at or timezone.now()) - self.opened_at).days


class NotificationKind(models.TextChoices):
    FLAG = "flag", _("Cảnh báo mới")
    NEXT_STEP = "next_step", _("Đến hẹn liên hệ")
    REQUEST = "request", _("Yêu cầu khắc phục")
    SUPPLEMENTARY = "supplementary", _("Tài khoản bổ sung")
    LETTERS = "letters", _("Thư tài khoản")
    DECISION = "decision", _("Quyết định")


class Notification(models.Model):
    """One user told about one thing, in the in-app inbox. A flag notification (the scan's) is
    given once per officer and flag (the unique constraint); the others carry their own
    message and link. ``facility`` is what the scoping helper checks before showing it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices, default=NotificationKind.FLAG)
    flag = models.ForeignKey(Flag, models.CASCADE, related_name="notifications", null=True, blank=True)
    facility = models.ForeignKey(Facility, models.CASCADE, related_name="+", null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "flag"], name="notification_once_per_flag")]
        indexes = [
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread_idx")
        ]

    def __str__(self):
        return f"{self.user} — {self.flag or self.message}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


class Reminder(models.Model):
    """A reminder sent to a facility for one due date; unique so each is sent once."""

    facility = models.ForeignKey(Facility, models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facility", "kind", "due_at"], name="reminder_once_per_due_date")
        ]
        indexes = [models.Index(fields=["sent_at"], name="reminder_sent_idx")]

    def __str__(self):
        return f"{self.facility} — {self.get_kind_display()}"


class DigestSent(models.Model):
    """Claimed before a daily digest goes out, so running the job twice in a day sends once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self):
        return f"{self.user} — {self.day}"


class ContactMethod(models.TextChoices):
    CALL = "call", _("Gọi điện")
    VISIT = "visit", _("Đến trực tiếp")
    LETTER = "letter", _("Công văn")
    MESSAGE = "message", _("Tin nhắn")


class Contact(models.Model):
    """Ghi nhận liên hệ: an officer's call, visit, letter or message to a facility, and what
    came of it. Officers' working notes: facilities never see them. ``next_step_on`` reminds
    the officer who wrote it (inbox and digest); ``reminded_at`` makes that happen once."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("cán bộ")
    )
    facility = models.ForeignKey(
        Facility, models.CASCADE, related_name="officer_contacts", verbose_name=_("cơ sở")
    )
    method = models.CharField(_("hình thức liên hệ"), max_length=8, choices=ContactMethod.choices)
    person = models.CharField(_("liên hệ với"), max_length=200, blank=True)
    outcome = models.TextField(_("kết quả"), max_length=2000)
    next_step_on = models.DateField(_("hẹn bước tiếp theo"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm ghi nhận"), default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("liên hệ")
        verbose_name_plural = _("liên hệ")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The follow-up figures look for a contact shortly after each flag opened.
            models.Index(fields=["facility", "created_at"], name="contact_facility_idx"),
            # The reminder run reads only the next steps not yet reminded.
            models.Index(
                fields=["next_step_on"],
                condition=Q(reminded_at__isnull=True, next_step_on__isnull=False),
                name="contact_next_step_idx",
            ),
        ]

    def __str__(self):
        return f"{self.facility} — {self.get_method_display()} {self.created_at:%d/%m/%Y}"

    def summary(self) -> str:
        """The Nhật ký line: how, with whom, what came of it, and the next step."""
        text = str(self.get_method_display())
        if self.person:
            text += f" — {self.person}"
        text += f": {self.outcome}"
        if self.next_step_on:
            text += f" · {_('Hẹn bước tiếp theo')} {self.next_step_on:%d/%m/%Y}"
        return text


# Đề xuất tạm dừng (its own module, a concept of its own)
from .proposal_models import Proposal, ProposalIsFixed, ProposalItem  # noqa: E402, F401
