from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


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

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": settings.IMPORT_MAX_UPLOAD_MB}
            )
        return upload
