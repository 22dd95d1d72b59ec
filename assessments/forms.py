from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.text import parse_id

from .photos import PhotoError, process_signature
from .services import UNSET, InvalidAnswer

NOTE_MAX = 2000


def parse_answer(post) -> dict:
    """The fields an autosave POST carries; absent fields are left as they are."""
    values = {}
    if "met" in post:
        if post["met"] not in ("0", "1"):
            raise InvalidAnswer(_("Giá trị đánh dấu không hợp lệ."))
        values["met"] = post["met"] == "1"
    if "option" in post:
        raw = post["option"]
        if raw == "":
            values["option_id"] = None
        elif parse_id(raw) is not None:
            values["option_id"] = parse_id(raw)
        else:
            raise InvalidAnswer(_("Câu trả lời không hợp lệ."))
    if "note" in post:
        note = post["note"].strip()
        if "\x00" in note:  # no keyboard types it, and PostgreSQL refuses it in text
            raise InvalidAnswer(_("Ghi chú chứa ký tự không hợp lệ."))
        if len(note) > NOTE_MAX:
            raise InvalidAnswer(_("Ghi chú dài quá %d ký tự.") % NOTE_MAX)
        values["note"] = note
    return {k: values.get(k, UNSET) for k in ("met", "option_id", "note")}


class SignForm(forms.Form):
    signer_name = forms.CharField(label=gettext_lazy("Họ và tên người đánh giá"), max_length=120)
    signer_position = forms.CharField(label=gettext_lazy("Chức vụ"), max_length=120)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer_name"].error_messages["required"] = _("Vui lòng nhập họ và tên người ký.")
        self.fields["signer_position"].error_messages["required"] = _("Vui lòng nhập chức vụ người ký.")
        self.fields["signer_name"].widget.attrs["autocomplete"] = "name"
        self.fields["signer_position"].widget.attrs["autocomplete"] = "organization-title"

    def clean(self):
        """The drawn signature arrives as a data URL: decoded, checked and re-encoded to a PNG
        here (``signature_png``), so a bad one is a form error like any other."""
        data = super().clean()
        try:
            data["signature_png"] = process_signature(data.get("signature", ""))
        except PhotoError as e:
            raise forms.ValidationError(str(e)) from e
        return data
