"""Templates as readable JSON files, so a province can review, share or reload one.
Importing the same file twice changes nothing; a changed file becomes a new version."""

import json

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import FacilityType

from . import scoring
from .models import AnswerOption, Folder, Item, Section, Template, TemplateVersion
from .services import version_publish

FORMAT = "safemap-checklist"
FORMAT_VERSION = 1


class TransferError(ValueError):
    """A file that cannot be imported; the message says what is wrong, in Vietnamese."""


def version_content(version: TemplateVersion) -> dict:
    """The parts of a version that define it (what an import compares)."""
    sections = []
    for section in version.sections.prefetch_related("items__options").order_by("order", "id"):
        items = []
        for item in section.items.all().order_by("order", "id"):
            entry = {
                "code": item.code,
                "text": item.text,
                "guidance": item.guidance,
                "weight": item.weight,
                "critical": item.critical,
                "photo_required": item.photo_required,
            }
            if version.scoring == scoring.Kind.RISK:
                entry["options"] = [
                    {"text": o.text, "points": o.points, "critical": o.is_critical}
                    for o in item.options.all().order_by("order", "id")
                ]
            items.append(entry)
        sections.append({"title": section.title, "items": items})
    return {"scoring": version.scoring, "rules": version.rules, "sections": sections}


def export_template(template: Template, version: TemplateVersion | None = None) -> dict:
    version = version or template.published_version() or template.versions.order_by("-number").first()
    if version is None:
        raise TransferError(_("Bộ câu hỏi “%s” chưa có phiên bản nào.") % template.name)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "folder": {
            "slug": template.folder.slug,
            "name": template.folder.name,
            "order": template.folder.order,
        },
        "template": {
            "slug": template.slug,
            "name": template.name,
            "description": template.description,
            "facility_types": template.facility_types,
            "for_dormitory": template.for_dormitory,
            "required": template.required,
            "order": template.order,
        },
        "version": {"number": version.number, "status": version.status, "note": version.note},
        **version_content(version),
    }


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def loads(text: str | bytes) -> dict:
    try:
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise TransferError(_("Tệp không phải JSON hợp lệ: %s") % e) from e
    _check(data)
    return data


def _require(cond, message, *args):
    if not cond:
        raise TransferError(message % args if args else message)


def _check(data) -> None:
    _require(isinstance(data, dict) and data.get("format") == FORMAT, _("Tệp không phải bộ câu hỏi SafeMap."))
    _require(data.get("format_version") == FORMAT_VERSION, _("Phiên bản định dạng tệp không được hỗ trợ."))
    for key in ("folder", "template"):
        part = data.get(key)
        _require(
            isinstance(part, dict) and part.get("slug") and part.get("name"),
            _("Thiếu “%s” (slug, name)."),
            key,
        )
    types = data["template"].get("facility_types", [])
    _require(
        isinstance(types, list) and set(types) <= set(FacilityType.values),
        _("facility_types chỉ được gồm: %s."),
        ", ".join(FacilityType.values),
    )
    _require(data.get("scoring") in scoring.Kind.values, _("scoring phải là “tick” hoặc “risk”."))
    try:
        scoring.validate_rules(data["scoring"], data.get("rules"))
    except ValueError as e:
        raise TransferError(str(e)) from e
    sections = data.get("sections")
    _require(isinstance(sections, list) and sections, _("Bộ câu hỏi cần ít nhất một phần (sections)."))
    for s, section in enumerate(sections, start=1):
        _require(isinstance(section, dict) and section.get("title"), _("Phần %d thiếu tiêu đề."), s)
        items = section.get("items")
        _require(isinstance(items, list) and items, _("Phần %d chưa có nội dung đánh giá."), s)
        for i, item in enumerate(items, start=1):
            where = f"{s}.{i}"
            _require(
                isinstance(item, dict) and item.get("text"), _("Nội dung %s thiếu câu hỏi (text)."), where
            )
            weight = item.get("weight", 1)
            _require(
                isinstance(weight, int) and not isinstance(weight, bool) and 0 <= weight <= 1000,
                _("Nội dung %s: trọng số phải là số nguyên từ 0 đến 1000."),
                where,
            )
            if data["scoring"] == scoring.Kind.RISK:
                options = item.get("options")
                _require(
                    isinstance(options, list) and len(options) >= 2,
                    _("Nội dung %s cần ít nhất hai câu trả lời (options)."),
                    where,
                )
                for option in options:
                    points = option.get("points") if isinstance(option, dict) else None
                    _require(
                        isinstance(option, dict)
                        and option.get("text")
                        and isinstance(points, int)
                        and 0 <= points <= 1000,
                        _("Nội dung %s: mỗi câu trả lời cần text và points."),
                        where,
                    )


@transaction.atomic
def import_template(data: dict, *, publish: bool = True) -> tuple[TemplateVersion, bool]:
    """Load a checked file; returns (version, created). Identical content reuses the
    newest version; different content makes a new one (published if ``publish``)."""
    _check(data)
    f, t = data["folder"], data["template"]
    folder, _created = Folder.objects.get_or_create(
        slug=f["slug"], defaults={"name": f["name"], "order": f.get("order", 0)}
    )
    template, _created = Template.objects.update_or_create(
        slug=t["slug"],
        defaults={
            "folder": folder,
            "name": t["name"],
            "description": t.get("description", ""),
            "facility_types": t.get("facility_types", []),
            "for_dormitory": bool(t.get("for_dormitory", False)),
            "required": bool(t.get("required", True)),
            "order": t.get("order", 0),
        },
    )
    wanted = {"scoring": data["scoring"], "rules": data["rules"], "sections": _normalise(data)}
    latest = template.versions.order_by("-number").first()
    if latest is not None and version_content(latest) == wanted:
        if publish and not latest.is_published:
            version_publish(version=latest)
        return latest, False
    if latest is not None and not latest.is_published:
        latest.delete()  # an unpublished draft is replaced by the file
    version = TemplateVersion.objects.create(
        template=template,
        number=template.next_number(),
        scoring=data["scoring"],
        rules=data["rules"],
        note=data.get("version", {}).get("note", ""),
    )
    for s, section in enumerate(wanted["sections"]):
        new_section = Section.objects.create(version=version, title=section["title"], order=s)
        for i, item in enumerate(section["items"]):
            options = item.pop("options", [])
            new_item = Item.objects.create(section=new_section, order=i, **item)
            AnswerOption.objects.bulk_create(
                AnswerOption(
                    item=new_item,
                    order=o,
                    text=opt["text"],
                    points=opt["points"],
                    is_critical=opt["critical"],
                )
                for o, opt in enumerate(options)
            )
    if publish:
        version_publish(version=version)
    return version, True


def _normalise(data: dict) -> list[dict]:
    sections = []
    for section in data["sections"]:
        items = []
        for item in section["items"]:
            entry = {
                "code": str(item.get("code", "")),
                "text": item["text"],
                "guidance": item.get("guidance", ""),
                "weight": item.get("weight", 1),
                "critical": bool(item.get("critical", False)),
                "photo_required": bool(item.get("photo_required", False)),
            }
            if data["scoring"] == scoring.Kind.RISK:
                entry["options"] = [
                    {"text": o["text"], "points": o["points"], "critical": bool(o.get("critical", False))}
                    for o in item["options"]
                ]
            items.append(entry)
        sections.append({"title": section["title"], "items": items})
    return sections
