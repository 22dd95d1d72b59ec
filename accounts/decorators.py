from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def facility_required(view):
    """Logged-in facility accounts only; anyone else gets 404. Passes ``facility``."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        facility = getattr(request.user, "facility", None) if request.user.is_facility else None
        if facility is None:
            raise Http404
        return view(request, *args, facility=facility, **kwargs)

    return wrapper


def officer_required(view):
    """Logged-in officers (local, province, zone, ministry, admin) only; others get 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_officer:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
