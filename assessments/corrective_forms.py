"""Forms of the corrective request: the officer's request and verdict, the facility's answer."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .corrective_services import PHOTOS_PER_ANSWER
from .photos import PhotoError, process

TEXT_MAX = 2000


def _date_input():
    # Typed dd/mm/yyyy like every other date of SafeMap: a native date picker shows the
    # browser's own order (mm/dd/yyyy on an English-set browser), which reads the wrong way here.
    return forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
    )


def _no_nul(value):
    # No keyboard types it, and PostgreSQL refuses it in text.
    if "\x00" in value:
        raise forms.ValidationError(_("Nội dung chứa ký tự không hợp lệ."))
    return value.strip()


def _not_past(day):
    today = timezone.localdate()
    if day is not None and day < today:
        raise forms.ValidationError(
            _("Hạn khắc phục %(day)s đã qua; hãy chọn từ hôm nay (%(today)s) trở đi.")
            % {"day": date_format(day, "SHORT_DATE_FORMAT"), "today": date_format(today, "SHORT_DATE_FORMAT")}
        )
    return day


class CorrectiveRequestForm(forms.Form):
    items = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Nội dung chưa đáp ứng cần khắc phục"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    text = forms.CharField(
        label=gettext_lazy("Nội dung khác cần khắc phục"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = forms.DateField(label=gettext_lazy("Hạn khắc phục"), widget=_date_input())

    def __init__(self, *args, unmet=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unmet = {item.pk: item for item in unmet}
        self.fields["items"].choices = [(i.pk, f"{i.code} {i.text}".strip()) for i in unmet]
        self.fields["deadline"].error_messages.update(
            required=_("Vui lòng chọn hạn khắc phục."),
            invalid=_("Hạn khắc phục không đúng dạng ngày (dd/mm/yyyy)."),
        )
        self.fields["items"].error_messages["invalid_choice"] = _(
            "Nội dung đã chọn không còn trong bản đánh giá gần nhất; hãy chọn lại."
        )

    def clean_text(self):
        return _no_nul(self.cleaned_data["text"])

    def clean_deadline(self):
        return _not_past(self.cleaned_data["deadline"])

    def clean(self):
        data = super().clean()
        if "items" in data and "text" in data and not data["items"] and not data["text"]:
            raise forms.ValidationError(
                _("Hãy chọn ít nhất một nội dung chưa đáp ứng hoặc ghi nội dung cần khắc phục.")
            )
        data["chosen"] = [self.unmet[pk] for pk in data.get("items", [])]
        return data


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input; each is validated and re-encoded like an assessment's."""

    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > PHOTOS_PER_ANSWER:
            raise forms.ValidationError(_("Gửi tối đa %d ảnh mỗi lần.") % PHOTOS_PER_ANSWER)
        processed, errors = [], []
        for f in files:
            try:
                processed.append(process(f))
            except PhotoError as e:
                errors.append(str(e))
        if errors:
            raise forms.ValidationError(errors)
        return processed


class CorrectiveAnswerForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Đã khắc phục thế nào"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = MultiplePhotoField(
        label=gettext_lazy("Ảnh sau khắc phục"),
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = _("Vui lòng ghi rõ cơ sở đã khắc phục thế nào.")
        self.fields["photos"].error_messages["required"] = _("Vui lòng gửi ít nhất một ảnh sau khắc phục.")

    def clean_note(self):
        return _no_nul(self.cleaned_data["note"])


class CorrectiveReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do yêu cầu làm lại"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = forms.DateField(
        label=gettext_lazy("Hạn mới (để trống nếu giữ hạn cũ)"), required=False, widget=_date_input()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Vui lòng ghi lý do yêu cầu làm lại.")
        self.fields["deadline"].error_messages["invalid"] = _("Hạn mới không đúng dạng ngày (dd/mm/yyyy).")

    def clean_reason(self):
        return _no_nul(self.cleaned_data["reason"])

    def clean_deadline(self):
        return _not_past(self.cleaned_data["deadline"])
