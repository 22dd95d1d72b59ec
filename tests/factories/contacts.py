"""Contacts (Ghi nhận liên hệ) as officers record them."""

from django.utils import timezone

from accounts.choices import Role
from reports.models import Contact, ContactMethod
from tests.factories import UserFactory


def contact_at(facility, at=None, *, officer=None, method=ContactMethod.CALL, **kwargs):
    """A contact row recorded at ``at`` (no Nhật ký line: for figures that only count them)."""
    officer = officer or UserFactory(role=Role.PROVINCE, unit=facility.unit.parent or facility.unit)
    kwargs.setdefault("outcome", "Đã nhắc cơ sở tự đánh giá")
    return Contact.objects.create(
        facility=facility, officer=officer, method=method, created_at=at or timezone.now(), **kwargs
    )
