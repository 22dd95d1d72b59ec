"""Bulk import of issued accounts: one ImportJob per uploaded file, one ImportRow per data row.
The rows are validated at upload (the preview) and written to facilities and users only after
an admin confirms; each row then moves from ``pending`` to ``created``/``updated``/``rejected``
in the same transaction as its facility, so a job interrupted midway resumes where it stopped."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        PREVIEW = "preview", _("Chờ xác nhận")
        QUEUED = "queued", _("Đang chờ chạy")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Bị gián đoạn")
        CANCELLED = "cancelled", _("Đã hủy")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    # "web", or "cli:<system user>@<host>" for manage.py import_accounts
    origin = models.CharField(_("nhập từ"), max_length=120, default="web")
    created_at = models.DateTimeField(_("thời điểm tải lên"), default=timezone.now)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    file_sha256 = models.CharField(_("mã băm SHA-256 của tệp"), max_length=64)
    file_size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    # What the reader found: {"header_row": 5, "columns": [{"letter", "header", "field"}], ...}
    layout = models.JSONField(_("cấu trúc tệp"), default=dict)
    # Errors that block the whole file (duplicate usernames…): [{"row", "column", "message"}]
    blocking_errors = models.JSONField(default=list, blank=True)
    passwords_supplied = models.BooleanField(_("tệp có mật khẩu"), default=False)
    total_rows = models.PositiveIntegerField(_("số dòng dữ liệu"), default=0)
    invalid_rows = models.PositiveIntegerField(_("số dòng lỗi khi kiểm tra"), default=0)
    rows_done = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    created_count = models.PositiveIntegerField(_("tạo mới"), default=0)
    updated_count = models.PositiveIntegerField(_("cập nhật"), default=0)
    rejected_count = models.PositiveIntegerField(_("bị từ chối"), default=0)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xác nhận"),
    )
    confirmed_at = models.DateTimeField(_("thời điểm xác nhận"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu chạy"), null=True, blank=True)
    finished_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    # For the time-left estimate: when the current run started and how many rows were done then.
    run_started_at = models.DateTimeField(null=True, blank=True)
    run_rows_start = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(_("lỗi khi chạy"), blank=True)
    letters_downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tải thư cấp tài khoản"),
    )
    letters_downloaded_at = models.DateTimeField(_("thời điểm tải thư"), null=True, blank=True)
    secrets_wiped_at = models.DateTimeField(_("thời điểm xóa mật khẩu tạm"), null=True, blank=True)
    # "Đợt bổ sung": accounts added for one province after its first list; when the import is
    # done the Sở and the offices holding its letters are told (reports.supplementary).
    supplementary_province = models.ForeignKey(
        "accounts.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đợt bổ sung cho tỉnh"),
    )
    supplementary_notified_at = models.DateTimeField(_("đã báo đợt bổ sung lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập tài khoản")
        verbose_name_plural = _("lượt nhập tài khoản")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"

    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.invalid_rows

    @property
    def can_confirm(self) -> bool:
        return (
            self.status == self.Status.PREVIEW
            and not self.blocking_errors
            and self.valid_rows > 0
            and not self.secrets_expired()
        )

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def percent(self) -> int:
        return 100 if not self.total_rows else int(100 * self.rows_done / self.total_rows)

    def seconds_left(self, now=None) -> int | None:
        """From the pace of the current run; None until there is a pace to go by."""
        if self.status != self.Status.RUNNING or not self.run_started_at:
            return None
        now = now or timezone.now()
        done = self.rows_done - self.run_rows_start
        elapsed = (now - self.run_started_at).total_seconds()
        if done <= 0 or elapsed <= 0:
            return None
        return int((self.total_rows - self.rows_done) * elapsed / done) + 1

    def time_left_label(self, now=None) -> str:
        seconds = self.seconds_left(now)
        if seconds is None:
            return str(_("đang tính…"))
        minutes, seconds = divmod(seconds, 60)
        if minutes:
            return str(_("khoảng %(m)s phút %(s)s giây")) % {"m": minutes, "s": seconds}
        return str(_("khoảng %(s)s giây")) % {"s": seconds}

    def looks_stalled(self, now=None) -> bool:
        """A queued or running job whose worker has not reported for a while: the worker probably
        died, and the admin may start it again."""
        if not self.is_active:
            return self.status == self.Status.FAILED
        now = now or timezone.now()
        last = self.heartbeat_at or self.confirmed_at or self.created_at
        return now - last > timedelta(seconds=settings.IMPORT_STALLED_SECONDS)

    def secrets_expire_at(self):
        return (self.finished_at or self.created_at) + timedelta(hours=settings.IMPORT_SECRETS_TTL_HOURS)

    def secrets_expired(self, now=None) -> bool:
        """Past IMPORT_SECRETS_TTL_HOURS: the secrets count as gone from that moment, whether or
        not the hourly wipe (``import_secrets_wipe``) has erased them yet."""
        return self.secrets_wiped_at is not None or (now or timezone.now()) >= self.secrets_expire_at()

    @property
    def is_supplementary(self) -> bool:
        return self.supplementary_province_id is not None

    @property
    def letters_available(self) -> bool:
        return self.status == self.Status.DONE and self.created_count > 0 and not self.secrets_expired()


class ImportRow(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Hợp lệ")
        INVALID = "invalid", _("Có lỗi")
        CREATED = "created", _("Đã tạo mới")
        UPDATED = "updated", _("Đã cập nhật")
        REJECTED = "rejected", _("Bị từ chối")

    job = models.ForeignKey(ImportJob, models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("dòng"))  # row number as Excel shows it
    status = models.CharField(max_length=8, choices=Status.choices)
    raw = models.JSONField(default=list)  # the cells as read, for the file of rows to fix
    data = models.JSONField(default=dict)  # cleaned values ready to write
    errors = models.JSONField(default=list)  # [{"column": "C (Mã số thuế)", "message": "…"}]
    # A supplied password or a generated secret, encrypted with a key derived from SECRET_KEY;
    # emptied once the letters are downloaded or when they expire.
    sealed_secret = models.TextField(blank=True)
    facility = models.ForeignKey(
        "accounts.Facility", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The office that hands out this row's letter, decided when the import is confirmed.
    letter_batch = models.ForeignKey(
        "accounts.ImportLetterBatch", models.SET_NULL, null=True, blank=True, related_name="rows"
    )

    class Meta:
        ordering = ["job", "number"]
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="import_row_job_number_unique")]
        indexes = [models.Index(fields=["job", "status"])]

    def __str__(self):
        return f"{self.job_id}:{self.number}"
