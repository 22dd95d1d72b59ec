"""Ghi nhận liên hệ: recording an officer's contact with a facility, and reminding that officer
when the next step they set comes due (inbox now, daily digest in the morning)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.activity import activity_record
from accounts.models import Action, User
from accounts.scoping import facilities_visible_to, holds_every_facility

from .models import Contact, Notification, NotificationKind


def contacts_visible_to(user):
    """Contacts of the facilities in an officer's scope; nothing for a facility (officers'
    working notes) or anyone else."""
    if not user.is_authenticated or not user.is_officer:
        return Contact.objects.none()
    scope = facilities_visible_to(user)
    return (
        Contact.objects.all() if holds_every_facility(scope) else Contact.objects.filter(facility__in=scope)
    )


def contact_record(*, officer, facility, method, person="", outcome, next_step_on=None) -> Contact:
    """Store the contact and its Nhật ký line together: one never exists without the other.
    The line is written in Vietnamese whatever the officer's interface language, like every
    other line of the log (it is evidence in a Vietnamese file)."""
    with transaction.atomic(), translation.override("vi"):
        contact = Contact.objects.create(
            officer=officer,
            facility=facility,
            method=method,
            person=person,
            outcome=outcome,
            next_step_on=next_step_on,
        )
        activity_record(
            actor=officer,
            action=Action.CONTACT_RECORDED,
            facility=facility,
            target=contact,
            summary=contact.summary(),
            at=contact.created_at,
        )
    return contact


def _due(day):
    return Contact.objects.filter(next_step_on__lte=day, reminded_at__isnull=True, officer__is_active=True)


def _officer_scopes(officer_ids):
    """{scope SQL: (scope, [officer id, …])}: officers sharing a scope cost one query."""
    groups = {}
    for officer in User.objects.filter(pk__in=officer_ids).select_related("unit").order_by("pk"):
        if not officer.is_officer:
            continue
        scope = facilities_visible_to(officer).order_by().values("pk")
        sql, params = scope.query.sql_with_params()
        groups.setdefault((sql, tuple(params)), (scope, []))[1].append(officer.pk)
    return list(groups.values())


def next_steps_remind(*, now=None) -> int:
    """Tell each officer, once, about the next steps they set that are due today or earlier,
    for facilities still in their scope (one moved away stays unreminded: the officer can no
    longer open it). Queries grow with the distinct scopes of the officers who have a step
    due, never with the number of contacts or facilities. Returns notifications created."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    officer_ids = set(_due(day).values_list("officer_id", flat=True).distinct())
    created = 0
    for scope, user_ids in _officer_scopes(officer_ids):
        with transaction.atomic():
            due = _due(day).filter(officer_id__in=user_ids)
            if not holds_every_facility(scope):
                due = due.filter(facility__in=scope)
            # Locked rows a concurrent run holds are its to remind; the other rows are ours.
            contacts = list(
                due.select_for_update(skip_locked=True, of=("self",))
                .select_related("facility")
                .order_by("pk")
            )
            if not contacts:
                continue
            Contact.objects.filter(pk__in=[c.pk for c in contacts]).update(reminded_at=now)
            # The scope was checked above for the whole set, so the rows go in directly
            # rather than through notify(), which checks it again once per user.
            Notification.objects.bulk_create(
                Notification(
                    user_id=c.officer_id,
                    kind=NotificationKind.NEXT_STEP,
                    facility=c.facility,
                    message=_("Đến hẹn liên hệ với %(name)s (hẹn ngày %(day)s)")
                    % {"name": c.facility.name, "day": f"{c.next_step_on:%d/%m/%Y}"},
                    url=reverse("reports:facility_detail", args=[c.facility_id]),
                    created_at=now,
                )
                for c in contacts
            )
            created += len(contacts)
    return created


def next_steps_due_today(officer, day):
    """The next steps an officer set for ``day``, in their scope: the digest's "Hẹn liên hệ hôm
    nay"."""
    return (
        contacts_visible_to(officer)
        .filter(officer=officer, next_step_on=day)
        .select_related("facility__unit")
        .order_by("facility__unit__path", "facility__name", "pk")
    )
