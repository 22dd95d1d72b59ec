"""Writing to and reading the Nhật ký (accounts.models.activity). Every officer and admin
action calls ``activity_record`` in the same transaction as the change it records, so the
log never says something happened that did not, nor misses something that did."""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import Activity
from .scoping import facilities_visible_to, holds_every_facility


def activity_record(*, actor, action, facility=None, target=None, summary="", changes=None, at=None):
    """Append one row. ``changes`` is {label: [old, new]} for edits; values are stored as text
    so the row reads the same whatever later happens to the objects."""
    return Activity.objects.create(
        at=at or timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        facility=facility,
        summary=str(summary)[:500],
        changes={str(k): [_text(old), _text(new)] for k, (old, new) in (changes or {}).items()},
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
    )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def field_values(instance, fields) -> dict:
    """What ``field_changes`` compares with: the fields' stored values, taken before a form is
    applied to the instance (a ModelForm changes it while it validates)."""
    return {name: getattr(instance, instance._meta.get_field(name).attname) for name in fields}


def field_changes(instance, before: dict, fields) -> dict:
    """{verbose name: [old, new]} for the ``fields`` whose value differs from ``before``
    (a dict taken before the form was applied: ``field_values`` or a ModelForm's ``initial``).
    Choices read as their labels and foreign keys as the objects' names, as the page shows
    them, not as codes and ids."""
    changes = {}
    for name in fields:
        field = instance._meta.get_field(name)
        old, new = before.get(name), getattr(instance, field.attname)
        if old != new:
            if field.choices:
                choices = dict(field.flatchoices)
                old, new = choices.get(old, old), choices.get(new, new)
            elif field.many_to_one:
                names = {o.pk: str(o) for o in field.related_model._base_manager.filter(pk__in=[old, new])}
                old, new = names.get(old, old), names.get(new, new)
            if _text(old) == _text(new):
                continue  # differs below what the log shows (a time's microseconds)
            changes[str(field.verbose_name)] = [old, new]
    return changes


def activities_visible_to(user):
    """The log an officer may read: rows about the facilities in their scope; the rows about no
    facility (imports, account requests) only for the ministry and admins. Facilities read
    none of it: their case file is officers' work."""
    if not user.is_authenticated or not user.is_officer:
        return Activity.objects.none()
    scope = facilities_visible_to(user)
    if holds_every_facility(scope):
        return Activity.objects.all()
    return Activity.objects.filter(facility__in=scope)
