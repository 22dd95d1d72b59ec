from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Sector
from accounts.models import AdminUnit, Facility, User
from accounts.scoping import units_visible_to
from accounts.text import parse_id, province_key

from .models import Contact, ContactMethod
from .suspension import document_heading, province_of


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
    """The document's heading fields; national users also choose the province, since each
    list goes to one province's People's Committee."""

    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=AdminUnit.objects.filter(parent__isnull=True),
        required=False,
        empty_label=_("— Chọn tỉnh, thành phố —"),
    )
    number = forms.CharField(label=_("Số văn bản"), max_length=40, required=False)
    date = forms.DateField(label=_("Ngày (dd/mm/yyyy)"), required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=60, required=False)
    recipients = forms.CharField(
        label=_("Nơi nhận"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, data=None, *, user, **kwargs):
        self.user = user
        self.own_province = None if user.is_national else province_of(user)
        province = self.own_province
        if province is None and data is not None and parse_id(data.get("province") or ""):
            province = AdminUnit.objects.filter(parent__isnull=True, pk=parse_id(data["province"])).first()
        self.heading = document_heading(user, province)
        if data is not None:
            # Fields left empty print their defaults, so the form shows them too.
            data = data.copy()
            for name in ("number", "place", "recipients"):
                if not data.get(name):
                    data[name] = self.heading[name]
        super().__init__(data, **kwargs)
        for name in ("number", "place", "recipients"):
            self.fields[name].initial = self.heading[name]
        if user.is_national:
            # Vietnamese order, "Thành phố" among the rest: Cà Mau, Cần Thơ, Cao Bằng.
            units = sorted(self.fields["province"].queryset, key=lambda u: (u.source, province_key(u.name)))
            self.fields["province"].widget.choices = [("", self.fields["province"].empty_label)] + [
                (u.pk, u.name) for u in units
            ]
        else:
            del self.fields["province"]
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if select else "form-control form-control-sm"
            )

    def chosen_province(self):
        """The province the list is for: the user's own, or the one a national user chose."""
        if "province" not in self.fields:
            return self.own_province
        return self.cleaned_data.get("province") if self.is_valid() else None

    def values(self):
        data = self.cleaned_data if self.is_valid() else {}
        heading = document_heading(self.user, self.chosen_province())
        return {
            "number": data.get("number") or heading["number"],
            "date": data.get("date") or timezone.localdate(),
            "place": data.get("place") or heading["place"],
            "recipients": [
                line.strip()
                for line in (data.get("recipients") or heading["recipients"]).splitlines()
                if line.strip()
            ],
            "authority": heading["authority"],
            "addressee": heading["addressee"],
        }


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email_digest"]
        labels = {"email_digest": _("Nhận email tổng hợp các cảnh báo đang mở, lúc 7 giờ sáng mỗi ngày")}


class ContactForm(forms.ModelForm):
    """Ghi nhận liên hệ. The next-step date is optional, but not in the past: a reminder for a
    day gone would never come."""

    class Meta:
        model = Contact
        fields = ["method", "person", "outcome", "next_step_on"]
        labels = {
            "method": _("Hình thức liên hệ"),
            "person": _("Liên hệ với ai"),
            "outcome": _("Kết quả liên hệ"),
            "next_step_on": _("Hẹn bước tiếp theo (dd/mm/yyyy)"),
        }
        help_texts = {
            "person": _("Ví dụ: ông Lò Văn A, giám đốc."),
            "next_step_on": _("Đến ngày này, SafeMap nhắc bạn trong hộp thư và email tổng hợp."),
        }
        widgets = {
            "method": forms.RadioSelect,
            "outcome": forms.Textarea(attrs={"rows": 4}),
            "next_step_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        }
        error_messages = {
            "method": {
                "required": _("Hãy chọn hình thức liên hệ."),
                "invalid_choice": _("Hãy chọn một hình thức liên hệ trong danh sách."),
            },
            "outcome": {"required": _("Hãy ghi kết quả liên hệ.")},
            "next_step_on": {"invalid": _("Ngày hẹn bước tiếp theo không đúng dạng dd/mm/yyyy.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = ContactMethod.choices  # no empty "---------" radio

    def clean_next_step_on(self):
        day = self.cleaned_data.get("next_step_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(
                _("Ngày hẹn bước tiếp theo (%(day)s) đã qua; hãy chọn hôm nay hoặc một ngày sau.")
                % {"day": f"{day:%d/%m/%Y}"}
            )
        return day
