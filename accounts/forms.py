from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

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
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_unchanged": _("Mật khẩu mới phải khác mật khẩu hiện tại."),
        "issued_password_kept": _("Mật khẩu mới phải khác mật khẩu được cấp. Hãy tự đặt một mật khẩu mới."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What was typed comes back with an error: a 24-character secret is long to type again.
        for field in self.fields.values():
            field.widget.render_value = True

    @sensitive_variables("new")
    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        # Checked against the stored hash, which accepts every spelling of a generated secret;
        # the hasher's function leaves the hash as it is.
        if new and "new_password1" not in self.errors and check_password(new, self.user.password):
            code = "issued_password_kept" if self.user.must_change_password else "password_unchanged"
            self.add_error("new_password1", ValidationError(self.error_messages[code], code=code))
        return cleaned

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
