"""Writes that span several checklist models: new draft versions and publishing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import scoring
from .models import AnswerOption, Item, Section, Template, TemplateVersion


@transaction.atomic
def version_new_draft(*, template: Template) -> TemplateVersion:
    """A draft copy of the newest version, to edit; the published one stays as it is."""
    source = template.versions.order_by("-number").first()
    if source is not None and not source.is_published:
        return source  # one draft at a time: keep editing it
    draft = TemplateVersion.objects.create(
        template=template,
        number=template.next_number(),
        scoring=source.scoring if source else scoring.Kind.TICK,
        rules=source.rules if source else scoring.default_rules(scoring.Kind.TICK),
    )
    if source is not None:
        for section in source.sections.prefetch_related("items__options"):
            new_section = Section.objects.create(version=draft, title=section.title, order=section.order)
            for item in section.items.all():
                options = list(item.options.all())
                item.pk, item.section = None, new_section
                item.save()
                AnswerOption.objects.bulk_create(
                    AnswerOption(
                        item=item, order=o.order, text=o.text, points=o.points, is_critical=o.is_critical
                    )
                    for o in options
                )
    return draft


def version_problems(version: TemplateVersion) -> list[str]:
    """What stops a version from being published, in Vietnamese."""
    problems = []
    try:
        scoring.validate_rules(version.scoring, version.rules)
    except ValueError as e:
        problems.append(str(e))
    items = list(Item.objects.filter(section__version=version).prefetch_related("options"))
    if not items:
        problems.append(_("Phiên bản chưa có nội dung đánh giá nào."))
    if version.scoring == scoring.Kind.RISK:
        for item in items:
            if len(item.options.all()) < 2:
                problems.append(_("Nội dung “%s” cần ít nhất hai câu trả lời có điểm.") % item.label)
        if items and sum(max(o.points for o in i.options.all()) for i in items if i.options.all()) == 0:
            problems.append(_("Tổng điểm tối đa phải lớn hơn 0."))
    elif items and sum(i.weight for i in items) == 0:
        problems.append(_("Tổng trọng số phải lớn hơn 0."))
    return problems


@transaction.atomic
def version_publish(*, version: TemplateVersion) -> TemplateVersion:
    if version.is_published:
        return version
    problems = version_problems(version)
    if problems:
        raise ValidationError(problems)
    version.status = TemplateVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version
