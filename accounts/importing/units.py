"""Matching the commune / district / province written in a file to AdminUnit, by folded name,
in the current 2-level list (province → commune) and the legacy GSO list (province → district
→ commune)."""

import functools
import re
from collections import defaultdict

from django.utils.translation import gettext as _

from ..models import AdminUnit, Zone
from ..text import fold

PREFIXES = (
    "thanh pho",
    "thi tran",
    "thi xa",
    "dac khu",
    "tinh",
    "huyen",
    "quan",
    "phuong",
    "xa",
    "tp",
    "tt",
    "tx",
    "p",
    "q",
    "h",
    "x",
)
ZONE_ABBREVIATIONS = {"kcn": "khu cong nghiep", "ccn": "cum cong nghiep", "kkt": "khu kinh te"}


def words(name: str) -> str:
    # Leading zeros of numbered wards go: "Phường 01" and "P.1" are the same ward.
    return " ".join(w.lstrip("0") or "0" for w in re.sub(r"[^a-z0-9]+", " ", fold(name)).split())


def key(name: str) -> str:
    """The name without its kind: "Xã Mường Phăng", "xa muong phang", "Mường Phăng" agree."""
    text = words(name)
    for prefix in PREFIXES:
        if text.startswith(prefix + " "):
            return text[len(prefix) + 1 :]
    return text


class UnitError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class UnitIndex:
    """Every unit in memory once per file: 3,321 current communes plus the legacy list is
    small, and it saves a query per row."""

    def __init__(self):
        self.roots = defaultdict(list)
        self.children = defaultdict(lambda: defaultdict(list))
        self.by_id = {}
        units = AdminUnit.objects.only("id", "name", "parent_id", "source", "path", "kind")
        for unit in units:
            self.by_id[unit.pk] = unit
            bucket = self.roots if unit.parent_id is None else self.children[unit.parent_id]
            bucket[key(unit.name)].append(unit)
            if words(unit.name) != key(unit.name):
                bucket[words(unit.name)].append(unit)
        self.sources = [AdminUnit.SOURCE_CURRENT, AdminUnit.SOURCE_GSO]

    @staticmethod
    def _pick(bucket, name):
        found = bucket.get(words(name)) or bucket.get(key(name)) or []
        return list({u.pk: u for u in found}.values())

    def resolve(self, commune: str, district: str, province: str) -> AdminUnit:
        if not province:
            raise UnitError("province", _("Thiếu tỉnh/thành phố."))
        if not commune:
            raise UnitError("commune", _("Thiếu xã/phường."))
        provinces = self._pick(self.roots, province)
        if not provinces:
            raise UnitError(
                "province",
                _("Không tìm thấy tỉnh/thành phố «%(name)s» trong danh mục đơn vị hành chính.")
                % {"name": province},
            )
        provinces.sort(key=lambda u: self.sources.index(u.source) if u.source in self.sources else 9)
        ambiguous = False
        for prov in provinces:
            if self.is_three_level(prov):
                districts = (
                    self._pick(self.children[prov.pk], district) if district else []
                ) or self.unique_children(prov)
                pools = [self.children[d.pk] for d in districts]
            else:
                pools = [self.children[prov.pk]]
            found = {u.pk: u for pool in pools for u in self._pick(pool, commune)}
            if len(found) == 1:
                return next(iter(found.values()))
            ambiguous = ambiguous or len(found) > 1
        if ambiguous:
            raise UnitError(
                "commune",
                _(
                    "Có nhiều xã/phường tên «%(name)s» trong «%(province)s»: hãy ghi rõ quận/huyện "
                    "hoặc loại (xã, phường)."
                )
                % {"name": commune, "province": province},
            )
        raise UnitError(
            "commune",
            _("Không tìm thấy xã/phường «%(name)s» thuộc «%(province)s» trong danh mục đơn vị hành chính.")
            % {"name": commune, "province": province},
        )

    def unique_children(self, parent):
        return list({u.pk: u for units in self.children[parent.pk].values() for u in units}.values())

    @functools.cache  # noqa: B019  (the index lives for one file)
    def is_three_level(self, province) -> bool:
        return any(self.children.get(u.pk) for u in self.unique_children(province))


class ZoneIndex:
    def __init__(self):
        self.zones = defaultdict(list)
        for zone in Zone.objects.all():
            self.zones[self.zone_key(zone.name)].append(zone)

    @staticmethod
    def zone_key(name: str) -> str:
        return " ".join(ZONE_ABBREVIATIONS.get(w, w) for w in words(name).split())

    def resolve(self, name: str) -> Zone:
        wanted = self.zone_key(name)
        found = self.zones.get(wanted) or [
            z for k, zones in self.zones.items() if wanted and wanted in k for z in zones
        ]
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(
                _("Có nhiều khu, cụm công nghiệp khớp với «%(name)s»: hãy ghi tên đầy đủ.") % {"name": name}
            )
        raise ValueError(_("Không tìm thấy khu, cụm công nghiệp «%(name)s».") % {"name": name})
