from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import AdminUnit


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (Excel .xlsx hoặc CSV)"),
        help_text=_("Tối đa %(mb)s MB. Bảng có thể có tiêu đề, ô gộp và cột STT phía trên dòng tiêu đề.")
        % {"mb": settings.IMPORT_MAX_UPLOAD_MB},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
        error_messages={
            "required": _("Hãy chọn tệp danh sách để tải lên."),
            "empty": _("Tệp rỗng: không có dữ liệu nào."),
            "invalid": _("Không nhận được tệp: hãy chọn lại tệp và gửi lại."),
        },
    )
    supplementary = forms.BooleanField(
        label=_("Đợt bổ sung"),
        required=False,
        help_text=_(
            "Tài khoản cấp thêm cho một tỉnh: khi nhập xong, Sở Công Thương và các đơn vị giao thư "
            "được báo trong mục Thông báo."
        ),
    )
    province = forms.ModelChoiceField(
        label=_("Tỉnh/thành phố của đợt bổ sung"),
        queryset=AdminUnit.objects.filter(parent__isnull=True, source=AdminUnit.SOURCE_CURRENT).order_by(
            "name"
        ),
        required=False,
        empty_label=_("— Chọn tỉnh/thành phố —"),
        error_messages={"invalid_choice": _("Tỉnh/thành phố đã chọn không có trong danh mục.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": settings.IMPORT_MAX_UPLOAD_MB}
            )
        return upload

    def clean(self):
        data = super().clean()
        if data.get("supplementary") and not data.get("province") and "province" not in self.errors:
            self.add_error("province", _("Đợt bổ sung: hãy chọn tỉnh/thành phố được cấp thêm tài khoản."))
        return data

    @property
    def supplementary_province(self):
        return self.cleaned_data.get("province") if self.cleaned_data.get("supplementary") else None
