from dataclasses import dataclass

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from .account_requests import AccountRequest
from .choices import FacilityType, Sector
from .models import Facility
from .scoping import units_visible_to
from .text import fold

FIELDS = [
    "name",
    "tax_code",
    "address",
    "unit",
    "sector",
    "facility_type",
    "contact_name",
    "contact_phone",
    "email",
]
MAX_UPLOAD_ROWS = 2000
# Column headings of the upload template, in order (also accepted without diacritics).
HEADINGS = {
    "name": _("Tên cơ sở"),
    "tax_code": _("Mã số thuế"),
    "address": _("Địa chỉ"),
    "unit": _("Đơn vị hành chính (mã hoặc tên)"),
    "sector": _("Lĩnh vực"),
    "facility_type": _("Loại hình"),
    "contact_name": _("Người liên hệ"),
    "contact_phone": _("Điện thoại"),
    "email": _("Email"),
}


class UnitChoiceField(forms.ModelChoiceField):
    """A unit choice that, inside an upload, reads the units the formset looked up at once
    (one query for 2,000 rows instead of one per row)."""

    known = None

    def to_python(self, value):
        if self.known is None or value in self.empty_values:
            return super().to_python(value)
        try:
            return self.known[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None


class AccountRequestForm(forms.ModelForm):
    row = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AccountRequest
        fields = FIELDS
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, user, known=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known
        self.fields["unit"].queryset = units_visible_to(user).order_by("path")
        if known is not None:
            self.fields["unit"].known = known.units
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Đơn vị hành chính không có trong danh mục hoặc ngoài địa bàn của bạn."
        )
        if user.sectors:
            self.fields["sector"].choices = [(k, v) for k, v in Sector.choices if k in user.sectors]
        for name in ("name", "address", "contact_name", "contact_phone"):
            self.fields[name].error_messages["required"] = _("Chưa nhập %(field)s.") % {
                "field": self.fields[name].label.lower()
            }

    def clean_tax_code(self):
        tax_code = self.cleaned_data["tax_code"].strip()
        known = self.known if self.known is not None else KnownValues.lookup([tax_code])
        if tax_code in known.with_account:
            raise forms.ValidationError(
                _("Cơ sở có mã số thuế %(code)s đã có tài khoản."), params={"code": tax_code}
            )
        if tax_code in known.requested:
            raise forms.ValidationError(
                _("Mã số thuế %(code)s đã được đề nghị cấp tài khoản, đang chờ xử lý."),
                params={"code": tax_code},
            )
        return tax_code


@dataclass
class KnownValues:
    """What validating the rows needs from the database, looked up once for all of them."""

    units: dict
    with_account: set
    requested: set

    @classmethod
    def lookup(cls, tax_codes, units=None, unit_ids=()):
        # Only what could be a row id (a forged 30-digit number is just not a known unit).
        ids = [int(v) for v in unit_ids if v.isascii() and v.isdigit() and len(v) < 19]
        return cls(
            units={u.pk: u for u in units.filter(pk__in=ids)} if ids else {},
            with_account=set(
                Facility.objects.filter(tax_code__in=tax_codes, user__isnull=False).values_list("tax_code", flat=True)
            ),
            requested=set(
                AccountRequest.objects.filter(
                    tax_code__in=tax_codes,
                    status__in=[AccountRequest.Status.SUBMITTED, AccountRequest.Status.APPROVED],
                ).values_list("tax_code", flat=True)
            ),
        )


class BaseRequestFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._known = None

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if self.is_bound:
            kwargs["known"] = self.known_values(kwargs["user"])
        return kwargs

    def known_values(self, user):
        if self._known is None:
            values = {"tax_code": [], "unit": []}
            for key, value in self.data.items():
                field, text = key.rsplit("-", 1)[-1], str(value).strip()
                # Raw input: a NUL (refused later by the field itself) would break PostgreSQL here.
                if key.startswith(self.prefix + "-") and field in values and text and "\x00" not in text:
                    values[field].append(text)
            self._known = KnownValues.lookup(values["tax_code"], units_visible_to(user), values["unit"])
        return self._known

    def clean(self):
        seen = {}
        for form in self.forms:
            code = form.cleaned_data.get("tax_code") if hasattr(form, "cleaned_data") else None
            if not code:
                continue
            if code in seen:
                form.add_error("tax_code", _("Mã số thuế trùng với dòng %(row)s.") % {"row": seen[code]})
            else:
                seen[code] = form.cleaned_data.get("row") or "?"


RequestFormSet = formset_factory(
    AccountRequestForm,
    formset=BaseRequestFormSet,
    extra=0,
    max_num=MAX_UPLOAD_ROWS,
    validate_max=True,
    # A forged form-TOTAL_FORMS must not make one request build more forms than an upload may have.
    absolute_max=MAX_UPLOAD_ROWS,
)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx (dùng tệp mẫu)."))
        try:
            wb = load_workbook(upload, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many kinds for a damaged or fake file
            raise forms.ValidationError(_("Không đọc được tệp: tệp không phải Excel .xlsx hợp lệ.")) from e
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
        if not rows:
            raise forms.ValidationError(_("Tệp không có dữ liệu."))
        self.header = rows[0]
        self.rows = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(v not in (None, "") for v in r)]
        if not self.rows:
            raise forms.ValidationError(_("Tệp chỉ có dòng tiêu đề, chưa có cơ sở nào."))
        if len(self.rows) > MAX_UPLOAD_ROWS:
            raise forms.ValidationError(_("Mỗi lần tải lên tối đa %(n)s cơ sở.") % {"n": MAX_UPLOAD_ROWS})
        return upload


def _choice(value, choices) -> str:
    text = fold(str(value or ""))
    for key, label in choices:
        if text in (fold(key), fold(str(label))):
            return key
    return str(value or "")


def formset_data_from_rows(header, rows, units) -> dict:
    """Turn spreadsheet rows into formset POST data, so the formset's own validation
    reports each row's errors and the page keeps what was in the file."""
    folded = {fold(str(v)): i for i, v in enumerate(header) if v}
    columns = {}
    for field, heading in HEADINGS.items():
        for key, index in folded.items():
            if key == fold(str(heading)) or key.startswith(fold(str(heading)).split(" (")[0]):
                columns[field] = index
                break
    by_code = {u.code: u.pk for u in units}
    by_name = {fold(u.name): u.pk for u in units}
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0"}
    for i, (number, row) in enumerate(rows):

        def cell(field, row=row):
            index = columns.get(field)
            value = row[index] if index is not None and index < len(row) else None
            return "" if value is None else str(value).strip()

        values = {field: cell(field) for field in HEADINGS}
        unit = values["unit"]
        values["unit"] = by_code.get(unit) or by_name.get(fold(unit)) or (unit and "-1") or ""
        values["sector"] = _choice(values["sector"], Sector.choices) or Sector.INDUSTRY
        values["facility_type"] = (
            _choice(values["facility_type"], FacilityType.choices) or FacilityType.FACTORY
        )
        values["tax_code"] = values["tax_code"].replace(" ", "")
        values["row"] = str(number)
        for field, value in values.items():
            data[f"form-{i}-{field}"] = value
    return data
