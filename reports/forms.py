from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Sector
from accounts.models import Facility, User
from accounts.scoping import units_visible_to


class FacilityCorrectionForm(forms.ModelForm):
    """An officer corrects a facility's data and location, within their own scope."""

    class Meta:
        model = Facility
        fields = [
            "name",
            "tax_code",
            "address",
            "unit",
            "sector",
            "facility_type",
            "workers",
            "has_dormitory",
            "latitude",
            "longitude",
            "contact_name",
            "contact_phone",
            "email",
        ]
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "0.000001"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Moving a facility out of one's own scope would hide it from the officer who moved it.
        self.fields["unit"].queryset = units_visible_to(user).order_by("path")
        if user.sectors:
            self.fields["sector"].choices = [(k, v) for k, v in Sector.choices if k in user.sectors]
        self.fields["latitude"].help_text = _("Ví dụ 21,386 — bấm lên bản đồ để chọn vị trí.")
        for name in ("name", "address"):
            self.fields[name].required = True


class SuspensionReportForm(forms.Form):
    number = forms.CharField(label=_("Số văn bản"), max_length=40, required=False, initial="…/SCT-QLCN")
    date = forms.DateField(label=_("Ngày (dd/mm/yyyy)"), required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=60, required=False)
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        initial="UBND tỉnh (để b/c);\nGiám đốc Sở (để b/c);\nLưu: VT, QLCN.",
    )

    def values(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "number": data.get("number") or self.fields["number"].initial,
            "date": data.get("date") or timezone.localdate(),
            "place": data.get("place") or self.initial.get("place", ""),
            "recipients": [
                line.strip()
                for line in (data.get("recipients") or self.fields["recipients"].initial).splitlines()
                if line.strip()
            ],
        }



class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email_digest"]
        labels = {"email_digest": _("Nhận email tổng hợp các cảnh báo đang mở, lúc 7 giờ sáng mỗi ngày")}
