from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email_digest"]
        labels = {"email_digest": _("Nhận email tổng hợp các cảnh báo đang mở, lúc 7 giờ sáng mỗi ngày")}
