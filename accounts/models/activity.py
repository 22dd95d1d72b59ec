"""Nhật ký: the append-only record of what officers and admins did (and what facilities did in
their follow-up), the evidence behind a suspension. Rows are only ever inserted: the model,
its queryset, the admin and (on PostgreSQL) a trigger all refuse to change or delete one."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an activity row."""


class Action(models.TextChoices):
    # Follow-up (reports, assessments)
    CONTACT_RECORDED = "contact_recorded", _("Ghi nhận liên hệ")
    REQUEST_CREATED = "request_created", _("Yêu cầu khắc phục")
    REQUEST_ANSWERED = "request_answered", _("Cơ sở báo đã khắc phục")
    REQUEST_ACCEPTED = "request_accepted", _("Chấp nhận khắc phục")
    REQUEST_RETURNED = "request_returned", _("Yêu cầu khắc phục lại")
    INSPECTION_STARTED = "inspection_started", _("Bắt đầu kiểm tra thực tế")
    INSPECTION_SIGNED = "inspection_signed", _("Kiểm tra thực tế")
    PROPOSAL_CREATED = "proposal_created", _("Lập đề xuất tạm dừng")
    PROPOSAL_EDITED = "proposal_edited", _("Sửa đề xuất tạm dừng")
    PROPOSAL_SENT = "proposal_sent", _("Gửi đề xuất tạm dừng")
    SUSPENDED = "suspended", _("Quyết định tạm dừng")
    REOPENED = "reopened", _("Cho hoạt động trở lại")
    PASSWORD_REISSUED = "password_reissued", _("Cấp lại mật khẩu")
    # Facility data and accounts
    FACILITY_EDITED = "facility_edited", _("Sửa thông tin cơ sở")
    FACILITY_DELETED = "facility_deleted", _("Xóa cơ sở")
    USER_EDITED = "user_edited", _("Sửa tài khoản người dùng")
    ACCOUNT_REQUEST_APPROVED = "account_request_approved", _("Duyệt đề nghị cấp tài khoản")
    ACCOUNT_REQUEST_REJECTED = "account_request_rejected", _("Từ chối đề nghị cấp tài khoản")
    IMPORT_CONFIRMED = "import_confirmed", _("Xác nhận nhập tài khoản")
    LETTERS_DOWNLOADED = "letters_downloaded", _("Tải thư tài khoản")
    LETTERS_REISSUED = "letters_reissued", _("Cấp lại thư tài khoản")
    EXPORTED = "exported", _("Xuất danh sách")


class ActivityQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ActivityLogIsAppendOnly("Nhật ký chỉ được ghi thêm, không được sửa.")

    def delete(self):
        raise ActivityLogIsAppendOnly("Nhật ký chỉ được ghi thêm, không được xóa.")

    def for_facility(self, facility):
        return self.filter(facility=facility)


class Activity(models.Model):
    """One action: who, when, what, on which facility and object, and for edits the old and
    new values (``changes``: {field label: [old, new]})."""

    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("việc"), max_length=32, choices=Action.choices)
    facility = models.ForeignKey(
        "accounts.Facility",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("cơ sở"),
    )
    summary = models.CharField(_("nội dung"), max_length=500, blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    content_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["facility", "-at"], name="activity_facility_idx")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ActivityLogIsAppendOnly("Nhật ký chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ActivityLogIsAppendOnly("Nhật ký chỉ được ghi thêm, không được xóa.")
