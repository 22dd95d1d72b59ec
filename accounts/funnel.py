"""The funnel steps a facility's login account takes: its first login and its own password.
The views call these; each date is written once (FacilityQuerySet.mark_step)."""

from .models import Facility


def facility_first_login(user, at) -> bool:
    """Record a facility's first successful login, whatever the password it used (the letter's
    generated secret, or one it chose); later logins change nothing."""
    if not user.is_facility:
        return False
    return bool(Facility.objects.filter(user=user).mark_step("first_login_at", at))


def facility_password_chosen(user, at) -> bool:
    """Record when a facility first chose its own password (the forced change after the letter's
    secret, or any later change if the first went unrecorded)."""
    if not user.is_facility:
        return False
    return bool(Facility.objects.filter(user=user).mark_step("password_changed_at", at))
