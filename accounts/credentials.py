"""Cấp lại mật khẩu: an officer gives a facility new credentials. The secret is generated and
hashed exactly like the import's (accounts.hashers), returned once to be printed, and never
stored in clear text; the old password stops working at once and, since Django ties a session
to the password hash, so do the sessions opened with it."""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .activity import activity_record
from .choices import Role
from .hashers import generate_secret
from .importing.validation import generated_username
from .models import Action, Facility, User


class CannotReissue(Exception):
    """A Vietnamese sentence saying why these credentials cannot be reissued here."""


def reissue_refusal(facility: Facility) -> str | None:
    """Why an officer may not reissue this facility's credentials, or None. An account that is
    not a facility's (an officer linked by mistake in the admin) or that an admin locked is the
    admin's business, not the local office's."""
    user = facility.user
    if user is None:
        return None
    if user.role != Role.FACILITY or user.is_staff or user.is_superuser:
        return _("Tài khoản gắn với cơ sở này không phải tài khoản cơ sở; hãy liên hệ quản trị hệ thống.")
    if not user.is_active:
        return _("Tài khoản của cơ sở đang bị khóa; hãy liên hệ quản trị hệ thống để mở khóa.")
    return None


def _free_username(facility: Facility) -> str:
    base = generated_username(facility.tax_code) if facility.tax_code else f"cs{facility.pk}"
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name


def facility_credentials_reissue(*, facility: Facility, by) -> tuple[User, str, bool]:
    """New credentials for the facility: (its user, the secret to print, whether the account
    is new). A facility without an account gets one, as the import would have made it."""
    secret = generate_secret()
    password = make_password(secret, hasher="lookup_sha256")
    with transaction.atomic():
        # Locked, so two officers reissuing at once cannot both create an account.
        facility = Facility.objects.select_for_update().get(pk=facility.pk)
        refusal = reissue_refusal(facility)
        if refusal:
            raise CannotReissue(refusal)
        user, created = facility.user, facility.user is None
        if created:
            user = User.objects.create(
                username=_free_username(facility),
                role=Role.FACILITY,
                password=password,
                must_change_password=True,
            )
            facility.issue_account(user, timezone.now())
            with translation.override("vi"):
                summary = _("Cấp tài khoản mới %(username)s") % {"username": user.username}
        else:
            user.password = password
            user.must_change_password = True
            user.save(update_fields=["password", "must_change_password"])
            with translation.override("vi"):
                summary = _("Cấp lại mật khẩu cho tài khoản %(username)s") % {"username": user.username}
        # The officer hands this letter over: for the start-up funnel the facility's letter has
        # reached an office, unless one already had (the letters by office, batches.py).
        Facility.objects.filter(pk=facility.pk, letter_downloaded_at__isnull=True).update(
            letter_downloaded_at=timezone.now(), letter_office_id=by.office_id
        )
        # The secret itself is never in the log: only that it was reissued, by whom.
        activity_record(
            actor=by, action=Action.PASSWORD_REISSUED, facility=facility, target=facility, summary=summary
        )
    return user, secret, created
