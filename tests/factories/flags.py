"""Factories and helpers for flags, notifications and reminders."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from accounts.choices import Level, Role
from accounts.models import period
from tests.factories import FacilityFactory, UserFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 1 March 2021, 09:00 in Điện Biên: the start of most scenarios.
T0 = datetime(2021, 3, 1, 9, 0, tzinfo=VN)


def notified_officer(role=Role.PROVINCE, **kwargs):
    """An officer with an email address, who hears of flags (inbox, digest)."""
    kwargs.setdefault("email", f"{kwargs.get('username', 'canbo')}@sct.example.vn")
    return UserFactory(role=role, **kwargs)


def facility_signed_at(level=Level.GREEN, signed_at=T0, **kwargs):
    """A facility with an account issued one period before ``signed_at`` and one signed
    assessment at ``signed_at`` (due one period later)."""
    facility = FacilityFactory(**kwargs)
    facility.issue_account(UserFactory(role=Role.FACILITY), when=signed_at - period())
    facility.record_signed(level, signed_at)
    return facility


def days(n: float) -> timedelta:
    return timedelta(days=n)
