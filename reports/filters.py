"""The one filter form shared by the maps, the map data, the lists and the exports, so that
what an officer sees on screen is exactly what the export contains."""

from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import FacilityType, FunnelStage, MapColour, Sector
from accounts.models import AdminUnit
from accounts.text import parse_id

STATES = [
    ("", _("Tất cả")),
    ("overdue", _("Quá hạn")),
    ("unsafe", _("Không an toàn")),
    ("never", _("Chưa đánh giá")),
    ("suspended", _("Tạm dừng hoạt động")),
]
STATE_TITLES = {
    "": _("Tất cả cơ sở"),
    "overdue": _("Cơ sở quá hạn đánh giá"),
    "unsafe": _("Cơ sở không an toàn"),
    "never": _("Cơ sở chưa đánh giá lần nào"),
    "suspended": _("Cơ sở tạm dừng hoạt động"),
}


class FacilityFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc mã số thuế"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("Địa bàn"), queryset=AdminUnit.objects.none(), required=False, empty_label=_("Tất cả")
    )
    sector = forms.ChoiceField(
        label=_("Lĩnh vực"), choices=[("", _("Tất cả")), *Sector.choices], required=False
    )
    type = forms.ChoiceField(
        label=_("Loại hình"), choices=[("", _("Tất cả")), *FacilityType.choices], required=False
    )
    colour = forms.ChoiceField(
        label=_("Mức độ"), choices=[("", _("Tất cả")), *MapColour.choices], required=False
    )
    state = forms.ChoiceField(label=_("Tình trạng"), choices=STATES, required=False)
    stage = forms.ChoiceField(
        label=_("Khởi động"), choices=[("", _("Tất cả")), *FunnelStage.choices], required=False
    )

    def __init__(self, data=None, *, units=None, **kwargs):
        # An unbound or invalid form filters nothing rather than failing the page.
        super().__init__(data if data is not None else {}, **kwargs)
        units = units if units is not None else AdminUnit.objects.all()
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.choices = self._unit_choices(units, (data or {}).get("unit"))
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def _unit_choices(self, units, selected):
        """The top of the scope and one level below, plus the children of the chosen unit:
        a country has thousands of communes, too many for one list."""
        top = units.order_by("depth").values_list("depth", flat=True).first()
        if top is None:
            return [("", self.fields["unit"].empty_label)]
        shown = units.filter(depth__lte=top + 1)
        selected = parse_id(selected) if selected else None
        if selected is not None:
            chosen = units.filter(pk=selected).first()
            if chosen:
                shown = shown | units.filter(path__startswith=chosen.path, depth__lte=chosen.depth + 1)
        rows = shown.order_by("path").values_list("pk", "name", "depth")
        return [("", self.fields["unit"].empty_label)] + [
            (pk, "\u2003" * (depth - top) + name) for pk, name, depth in rows
        ]

    def filter(self, facilities, now=None):
        """Narrow ``facilities`` (already scoped) and annotate ``map_colour``."""
        now = now or timezone.now()
        facilities = facilities.with_colour(now)
        if not self.is_valid():
            return facilities.none()
        data = self.cleaned_data
        if data["q"]:
            facilities = self.search(facilities, data["q"])
        if data["unit"]:
            facilities = facilities.filter(unit__path__startswith=data["unit"].path)
        if data["sector"]:
            facilities = facilities.filter(sector=data["sector"])
        if data["type"]:
            facilities = facilities.filter(facility_type=data["type"])
        if data["colour"]:
            facilities = facilities.filter(map_colour=data["colour"])
        state = data["state"]
        if state == "overdue":
            facilities = facilities.overdue(now)
        elif state == "unsafe":
            facilities = self.unsafe(facilities)
        elif state == "never":
            facilities = self.never(facilities)
        elif state == "suspended":
            facilities = facilities.suspended()
        if data.get("stage"):
            facilities = facilities.at_stage(data["stage"])
        return facilities

    def search(self, facilities, query):
        # Officers also find a facility by its tax code; the public form (reports/public.py) not.
        return facilities.search(query)

    def unsafe(self, facilities):
        return facilities.unsafe()

    def never(self, facilities):
        return facilities.never_assessed()

    def querystring(self) -> str:
        """The active filters as a query string, for export and map-data links."""
        if not self.is_bound or not self.is_valid():
            return ""
        pairs = []
        for name, value in self.cleaned_data.items():
            if value in ("", None):
                continue
            pairs.append((name, value.pk if isinstance(value, AdminUnit) else value))
        return urlencode(pairs)

    def title(self):
        state = self.cleaned_data.get("state", "") if self.is_valid() else ""
        stage = self.cleaned_data.get("stage", "") if self.is_valid() else ""
        if stage and not state:
            return _("Cơ sở – %(stage)s") % {"stage": FunnelStage(stage).label}
        return STATE_TITLES.get(state, STATE_TITLES[""])
