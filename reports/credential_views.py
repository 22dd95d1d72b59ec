"""Cấp lại mật khẩu from the facility page: a confirmation page, then the POST that reissues and
answers with the printable letter. The secret exists only in that one response (never stored in
clear text, never cached: never_cache sends no-store): reloading it cannot show it again."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods

from accounts.credentials import CannotReissue, facility_credentials_reissue, reissue_refusal
from accounts.decorators import officer_required
from accounts.importing.letters import WRITERS, login_url, notice_files
from accounts.scoping import get_facility_for_user
from safemap import paperwork as pw


@never_cache
@officer_required
@require_http_methods(["GET", "POST"])
@sensitive_variables("secret")
def facility_password_reissue(request, pk):
    facility = get_facility_for_user(request.user, pk)
    if request.method == "GET":
        ctx = {"facility": facility, "refusal": reissue_refusal(facility)}
        return render(request, "reports/password_reissue.html", ctx)
    try:
        user, secret, created = facility_credentials_reissue(facility=facility, by=request.user)
    except CannotReissue as refusal:
        messages.error(request, str(refusal))
        return redirect("reports:facility_detail", facility.pk)
    facility.refresh_from_db()
    fmt = request.POST.get("dinh-dang", "")
    if fmt in WRITERS:  # the Thông báo tài khoản as a file; the secret is in this response only
        entry = (facility, user.username, secret, facility.contacts())
        content = notice_files(
            office=request.user.office,
            unit=facility.unit,
            entries=[entry],
            url=login_url(),
            reissued=not created,
            formats=(fmt,),
        )[fmt]
        return pw.file_response(content, fmt=fmt, stem=f"thong-bao-tai-khoan-{facility.pk}", private=True)
    ctx = {
        "unit": facility.unit,
        "letters": [
            {
                "facility": facility,
                "username": user.username,
                "secret": secret,
                "contacts": facility.contacts(),
            }
        ],
        "login_url": login_url(),
        "site_url": settings.SITE_URL,
        "period_days": settings.ASSESSMENT_PERIOD_DAYS,
        "today": timezone.localdate(),
        "reissued": not created,
        "back_url": reverse("reports:facility_detail", args=[facility.pk]),
    }
    return render(request, "accounts/import/letters.html", ctx)
