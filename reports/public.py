"""What an anonymous visitor of the public map may ask: public fields (name, address) and the
colour the map shows, never the tax code, the hidden level or anything else an officer sees."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.choices import MapColour
from accounts.models import AdminUnit
from accounts.text import fold, nfc, parse_id

from .filters import FacilityFilterForm

RESULTS_SHOWN = 20


def public_search(facilities, query: str):
    """Every word must be in the name (without diacritics) or in the address. The address has
    no folded column, so there it matches as typed, case-insensitively."""
    for word in nfc(query).split():
        folded = fold(word)
        if folded:
            facilities = facilities.filter(Q(name_folded__contains=folded) | Q(address__icontains=word))
    return facilities


class PublicFilterForm(FacilityFilterForm):
    """The officers' filters, narrowed to public state. The Địa bàn menu lists only the top
    units (provinces); their communes come on demand from ``unit_children`` into ``commune``."""

    commune = forms.ModelChoiceField(
        label=_("Xã, phường"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
    )
    field_order = ["q", "unit", "commune"]

    def __init__(self, data=None, **kwargs):
        super().__init__(_split_unit(data), units=AdminUnit.objects.all(), **kwargs)
        del self.fields["stage"]  # whether a facility has logged in is not public
        self.fields["q"].label = _("Tìm theo tên hoặc địa chỉ")
        self.fields["unit"].label = _("Tỉnh, thành phố")
        self.fields["commune"].queryset = AdminUnit.objects.all()
        self.fields["commune"].widget.attrs["class"] = "form-select"
        province = self._chosen_unit(self.data)
        self.fields["commune"].widget.choices = [("", self.fields["commune"].empty_label)] + (
            unit_children(province) if province else []
        )

    def _unit_choices(self, units, selected):
        rows = units.filter(depth=top_depth(units)).order_by("name").values_list("pk", "name")
        return [("", self.fields["unit"].empty_label), *rows]

    def _chosen_unit(self, data):
        pk = parse_id(data.get("unit") or "")
        return AdminUnit.objects.filter(pk=pk).first() if pk else None

    def clean(self):
        data = super().clean()
        unit, commune = data.get("unit"), data.get("commune")
        if commune and not (unit and commune.path.startswith(unit.path)):
            # A commune left over from another province would silently empty the map.
            data["commune"] = None
        return data

    def filter(self, facilities, now=None):
        facilities = super().filter(facilities, now)
        if self.is_valid() and self.cleaned_data["commune"]:
            facilities = facilities.filter(unit__path__startswith=self.cleaned_data["commune"].path)
        return facilities

    def search(self, facilities, query):
        return public_search(facilities, query)

    def unsafe(self, facilities):
        # What the public sees as red, from the same colour expression the map draws.
        return facilities.filter(map_colour=MapColour.RED)

    def never(self, facilities):
        # Whether an account was issued is not public; "no assessment yet" is (the popup says so).
        return facilities.filter(last_signed_at__isnull=True)


def _split_unit(data):
    """A link made before the menu listed provinces only may name a commune as ``unit``: it
    becomes that commune under its province, so the menus show what the map filters."""
    pk = parse_id((data or {}).get("unit") or "")
    unit = AdminUnit.objects.filter(pk=pk).first() if pk else None
    if unit is None or unit.depth == top_depth(AdminUnit.objects.all()):
        return data
    data = data.copy()
    data["unit"], data["commune"] = str(unit.province.pk), str(unit.pk)
    return data


def top_depth(units) -> int | None:
    return units.order_by("depth").values_list("depth", flat=True).first()


def unit_children(unit) -> list[tuple[int, str]]:
    """Every unit below ``unit`` (communes, or districts then their communes in the legacy
    list), indented under its parent."""
    rows = unit.subtree().filter(depth__gt=unit.depth).order_by("path").values_list("pk", "name", "depth")
    return [(pk, "\u2003" * (depth - unit.depth - 1) + name) for pk, name, depth in rows]


def search_results(facilities) -> dict:
    """The first matches (already filtered and coloured) for the list beside the map."""
    rows = facilities.order_by("name", "pk").values(
        "pk", "name", "address", "map_colour", "last_signed_at", "latitude", "longitude"
    )[:RESULTS_SHOWN]
    results = [
        {
            "id": r["pk"],
            "name": r["name"],
            "address": r["address"],
            "colour": r["map_colour"],
            "level": str(MapColour(r["map_colour"]).label),
            "last_assessed": date_format(timezone.localtime(r["last_signed_at"]), "SHORT_DATE_FORMAT")
            if r["last_signed_at"]
            else None,
            "lat": r["latitude"],
            "lng": r["longitude"],
        }
        for r in rows
    ]
    total = len(results) if len(results) < RESULTS_SHOWN else facilities.count()
    return {"n": total, "results": results}
