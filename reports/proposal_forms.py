"""Forms of the suspension loop: the proposal's number and date and its facilities, the
People's Committee's decision (with its scanned file) and the decision that lifts it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safemap.documents import DocumentError, process_document


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select"
        else:
            widget.attrs["class"] = "form-control"


class FacilityChoices(forms.ModelMultipleChoiceField):
    # A key no database column can hold is simply not a choice; SQLite would raise
    # OverflowError on it (a 500) instead of the field's own "not one of the choices" error.
    MAX_PK = 2**63 - 1

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except (TypeError, ValueError):
                continue  # the parent names it as an invalid value
            if not 0 < number <= self.MAX_PK:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)

    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.unit.name}" if obj.unit_id else obj.name


class DocumentFields(forms.Form):
    """Number, date and signer, which every official document carries."""

    number = forms.CharField(label=_("Số"), max_length=40)
    date = forms.DateField(label=_("Ngày (dd/mm/yyyy)"))

    def clean_number(self):
        return " ".join(self.cleaned_data["number"].split())

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Ngày văn bản không được sau hôm nay."))
        return date


class ProposalForm(DocumentFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].label = _("Số văn bản (ví dụ 12/ĐX-SCT)")
        _style(self)


class ProposalEditForm(ProposalForm):
    add = FacilityChoices(
        label=_("Thêm cơ sở"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    remove = FacilityChoices(
        label=_("Bỏ cơ sở khỏi đề xuất"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, addable, removable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add"].queryset = addable.select_related("unit").order_by("unit__path", "name")
        self.fields["remove"].queryset = removable.select_related("unit").order_by("unit__path", "name")
        _style(self)


class ProposalSendForm(forms.Form):
    """Gửi UBND tỉnh cannot be undone: the officer confirms having checked the list first."""

    confirm = forms.BooleanField(
        label=_("Tôi đã kiểm tra danh sách cơ sở, lý do và căn cứ; gửi đề xuất này tới UBND tỉnh."),
        error_messages={
            "required": _("Hãy đánh dấu xác nhận đã kiểm tra danh sách trước khi gửi UBND tỉnh.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].widget.attrs["class"] = "form-check-input"


class DocumentFileMixin:
    """The scanned file: a PDF or an image, checked and re-encoded in clean_file."""

    file_required = True

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            if self.file_required:
                raise forms.ValidationError(_("Hãy chọn bản quét quyết định (PDF hoặc ảnh)."))
            return None
        try:
            return process_document(upload)
        except DocumentError as e:
            raise forms.ValidationError(str(e)) from e


class DecisionForm(DocumentFileMixin, DocumentFields):
    signer = forms.CharField(label=_("Người ký"), max_length=120)
    file = forms.FileField(label=_("Bản quét quyết định (PDF hoặc ảnh)"), required=False)
    facilities = FacilityChoices(
        label=_("Cơ sở tạm dừng hoạt động"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, allowed, shown, **kwargs):
        """``allowed``: every facility the officer may suspend (validation); ``shown``: those
        listed as boxes (a proposal's, or the current candidates)."""
        super().__init__(*args, **kwargs)
        self.fields["number"].label = _("Số quyết định")
        self.fields["facilities"].queryset = allowed.select_related("unit")
        self.fields["facilities"].error_messages["required"] = _("Hãy chọn ít nhất một cơ sở.")
        self.fields["facilities"].widget.choices = [
            (f.pk, f"{f.name} — {f.unit.name}")
            for f in shown.select_related("unit").order_by("unit__path", "name")
        ]
        _style(self)
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png,image/webp"


class ReopenForm(DocumentFileMixin, DocumentFields):
    file_required = False
    signer = forms.CharField(label=_("Người ký"), max_length=120)
    file = forms.FileField(label=_("Bản quét quyết định (không bắt buộc)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].label = _("Số quyết định cho hoạt động trở lại")
        _style(self)
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png,image/webp"
