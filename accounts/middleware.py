import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .throttle import address_throttled

# Paths a user who must change the password may still reach.
ALLOWED_PREFIXES = ("/static/", "/i18n/", "/favicon")

# Session keys: when the user logged in, and when they were last seen (seconds since the epoch).
STARTED, SEEN = "auth_started", "auth_seen"
# The last-seen stamp is rewritten at most once a minute, not on every autosave.
TOUCH_EVERY = 60


class ForcePasswordChangeMiddleware:
    """An issued or reset password must be changed before anything else is reachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (reverse("password_change"), reverse("logout"))
            if request.path not in allowed and not request.path.startswith(ALLOWED_PREFIXES):
                return redirect("password_change")
        return self.get_response(request)


def stamp_session(request):
    request.session[STARTED] = request.session[SEEN] = int(time.time())


def session_limits(user) -> tuple[int, int]:
    """Idle and absolute limits in seconds: a facility's clerk often works on a shared phone,
    an officer at an office desk (settings.SESSION_LIMITS)."""
    idle, absolute = settings.SESSION_LIMITS["facility" if user.is_facility else "officer"]
    return int(idle.total_seconds()), int(absolute.total_seconds())


class SessionTimeoutMiddleware:
    """Ends a session left idle too long, or older than the absolute limit, whatever its use.
    The request goes on anonymous: a page sends to the login with ``next``, so the clerk comes
    back to the draft, whose answers are saved on the server as they are ticked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            idle, absolute = session_limits(request.user)
            started = request.session.setdefault(STARTED, now)  # logged in before the stamps existed
            seen = request.session.get(SEEN, now)
            if now - seen > idle or now - started > absolute:
                logout(request)
                messages.info(
                    request,
                    _("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại; những gì đã lưu vẫn được giữ."),
                )
            elif now - seen >= TOUCH_EVERY or SEEN not in request.session:
                request.session[SEEN] = now
        return self.get_response(request)


class LoginThrottleMiddleware:
    """Refuses logins from an address with too many recent failures (accounts/throttle.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_login = request.method == "POST" and request.path in (reverse("login"), reverse("admin:login"))
        if is_login and address_throttled(request):
            context = {"address_throttled": True, "cooloff_timedelta": settings.LOGIN_ADDRESS_WINDOW}
            return render(request, "registration/locked_out.html", context, status=429)
        return self.get_response(request)
