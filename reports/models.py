import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    kind = models.CharField(max_length=20, default="facilities")
    fmt = models.CharField(max_length=4, choices=[("xlsx", "XLSX"), ("csv", "CSV")])
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
