"""The Nhật ký as officers read it: the filter form of the page and of its XLSX export (the same
form, so the file holds exactly what the page lists), and the export's columns and rows. The log
itself and who may read which rows are accounts.activity's."""

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Action, AdminUnit
from accounts.text import fold
from safemap.spreadsheets import Column

JOURNAL_COLUMNS = [
    Column(_("Thời điểm"), 17),
    Column(_("Người thực hiện"), 26),
    Column(_("Việc"), 26),
    Column(_("Cơ sở"), 36),
    Column(_("Địa bàn"), 24),
    Column(_("Nội dung"), 50),
    Column(_("Thay đổi"), 60),
]
DATE_ERROR = _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 25/11/2026.")


class JournalFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, error_messages={"invalid": DATE_ERROR}, widget=forms.TextInput()
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, error_messages={"invalid": DATE_ERROR}, widget=forms.TextInput()
    )
    action = forms.ChoiceField(label=_("Việc"), choices=[("", _("Tất cả")), *Action.choices], required=False)
    q = forms.CharField(label=_("Cơ sở (tên hoặc mã số thuế)"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("Địa bàn"), queryset=AdminUnit.objects.none(), required=False, empty_label=_("Tất cả")
    )

    def __init__(self, data=None, *, units, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)
        # The top of the scope and one level below, as in the facility lists' filter.
        self.fields["unit"].queryset = units
        top = units.order_by("depth").values_list("depth", flat=True).first()
        rows = units.filter(depth__lte=top + 1).order_by("path") if top is not None else units.none()
        self.fields["unit"].widget.choices = [("", _("Tất cả"))] + [
            (u.pk, "\u2003" * (u.depth - top) + u.name) for u in rows.only("pk", "name", "depth")
        ]
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs.update({"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if select else "form-control"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("“Đến ngày” phải từ “Từ ngày” trở đi."))
        return cleaned

    def filter(self, activities):
        """Narrow the rows an officer may read (``activities_visible_to``); nothing when the
        filters are wrong, rather than everything."""
        if not self.is_valid():
            return activities.none()
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            activities = activities.filter(at__gte=datetime.combine(data["date_from"], time.min, tz))
        if data["date_to"]:
            activities = activities.filter(
                at__lt=datetime.combine(data["date_to"] + timedelta(days=1), time.min, tz)
            )
        if data["action"]:
            activities = activities.filter(action=data["action"])
        for word in fold(data["q"]).split():
            activities = activities.filter(
                Q(facility__name_folded__contains=word) | Q(facility__tax_code__startswith=word)
            )
        if data["unit"]:
            activities = activities.filter(facility__unit__path__startswith=data["unit"].path)
        return activities


def actor_label(activity) -> str:
    user = activity.actor
    if user is None:
        return str(_("Hệ thống"))
    name = user.display_name
    return f"{name} ({user.username})" if name != user.username else name


def changes_text(activity) -> str:
    return "; ".join(
        f"{label}: {old or '—'} → {new or '—'}" for label, (old, new) in activity.changes.items()
    )


def journal_rows(activities):
    """Tuples for JOURNAL_COLUMNS, read in chunks so memory stays flat."""
    tz = timezone.get_current_timezone()
    qs = activities.select_related("actor__facility", "facility__unit").order_by("-at", "-id")
    for a in qs.iterator(chunk_size=2000):
        yield (
            timezone.localtime(a.at, tz).strftime("%d/%m/%Y %H:%M"),
            actor_label(a),
            a.get_action_display(),
            a.facility.name if a.facility else "",
            a.facility.unit.name if a.facility else "",
            a.summary,
            changes_text(a),
        )
