"""Where a login comes from, and the brake on many failed logins from one place.

django-axes locks a username after AXES_FAILURE_LIMIT failures, from whatever address they come
(a second phone or a VPN does not get five more guesses). That alone does not slow one password
tried against many usernames ("spraying"), so failed logins are also counted per client address
in axes' failure log: past LOGIN_ADDRESS_FAILURE_LIMIT in LOGIN_ADDRESS_WINDOW, logins from that
address are refused for a while. The limit is well above one person's typos, because a whole
office or a mobile carrier's NAT can share one address."""

import ipaddress

from django.conf import settings
from django.utils import timezone


def client_address(request) -> str | None:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies that each append the address
    they received from to X-Forwarded-For, the client is that many entries from the right;
    entries further left were written by the client and prove nothing. A request that did not
    pass every proxy has too few entries, and then only the connecting address is known."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


def address_throttled(request) -> bool:
    from axes.models import AccessFailureLog  # axes' models need the app registry

    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    address = client_address(request)
    if limit <= 0 or not address:
        return False
    since = timezone.now() - settings.LOGIN_ADDRESS_WINDOW
    recent = AccessFailureLog.objects.filter(ip_address=address, attempt_time__gt=since)
    return recent[:limit].count() >= limit
