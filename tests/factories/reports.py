"""Facilities in each state the map and the lists tell apart."""

from datetime import timedelta

from django.utils import timezone

from accounts.choices import Level, Role
from accounts.models import period
from tests.factories import FacilityFactory, UserFactory


def signature_row(facility, signed_at, level=Level.GREEN, on_time=True, slug="bang-thu"):
    """A signed assessment row of the checklist ``slug``, without answers: what maps, lists
    and rates read."""
    from assessments.models import Assessment, Status
    from assessments.report_links import relink_reports
    from tests.factories.assessments import make_template

    template = make_template(slug)
    row = Assessment.objects.create(
        facility=facility,
        template=template,
        version=template.published_version(),
        status=Status.SIGNED,
        created_by=facility.user,
        level=level,
        signed_at=signed_at,
        on_time=on_time,
        signed_by=facility.user,
    )
    relink_reports([facility.pk])
    return row


def signed_facility(level=Level.GREEN, days_ago=1, on_time=True, **kwargs):
    """A facility with an account that signed ``days_ago`` days ago with ``level``."""
    facility = FacilityFactory(**kwargs)
    signed_at = timezone.now() - timedelta(days=days_ago)
    facility.issue_account(UserFactory(role=Role.FACILITY), when=signed_at - period())
    signature_row(facility, signed_at, level, on_time)
    facility.record_signed(level, signed_at)
    return facility


def overdue_facility(days_late=5, level=Level.GREEN, **kwargs):
    """Signed so long ago that the due date plus grace passed ``days_late`` days ago."""
    from accounts.models import grace

    days = (period() + grace()).days + days_late
    return signed_facility(level=level, days_ago=days, **kwargs)


def never_assessed_facility(**kwargs):
    facility = FacilityFactory(**kwargs)
    facility.issue_account(UserFactory(role=Role.FACILITY), when=timezone.now() - timedelta(days=3))
    return facility


def officer(unit, role=Role.LOCAL_OFFICE, **kwargs):
    return UserFactory(role=role, unit=unit, **kwargs)
