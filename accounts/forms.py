from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .choices import Sector


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa và chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ Sở Công Thương."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["username"].widget.attrs.update({"autocapitalize": "none", "autocorrect": "off"})
        # AuthenticationForm sets max_length after the field is built, so it is not enforced: an
        # overlong name would reach django-axes, whose attempt log holds 255 characters.
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))


class ChangePasswordForm(PasswordChangeForm):
    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit=commit)


class SectorsField(forms.MultipleChoiceField):
    """Edits a JSON list of sectors as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Sector.choices)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
