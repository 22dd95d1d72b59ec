"""Credential letters: per administrative unit, an XLSX of logins and a printable A4 letter per
facility, in one ZIP. Built from the sealed secrets, which are then wiped: the admin gets them
once."""

import io
import zipfile
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ..models import ImportJob, ImportRow
from ..text import fold
from .sealing import Sealer
from .service import import_secrets_wipe
from .xlsx import workbook_bytes

LOGIN_HEADER = [
    "STT",
    "Tên cơ sở",
    "Mã số thuế",
    "Địa chỉ",
    "Xã/phường",
    "Tên đăng nhập",
    "Mật khẩu ban đầu",
    "Địa chỉ đăng nhập",
    "Ghi chú",
]
NOTE = "Phải đổi mật khẩu ở lần đăng nhập đầu tiên"


def login_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("login")


def _entries(job: ImportJob):
    sealer = Sealer(job.pk)
    rows = (
        ImportRow.objects.filter(job=job, status=ImportRow.Status.CREATED, facility__isnull=False)
        .select_related("facility__unit", "facility__user")
        .order_by("facility__unit__path", "facility__name")
    )
    contacts = {}
    for row in rows:
        facility = row.facility
        secret = sealer.open(row.sealed_secret)
        if secret is None or facility.user is None:
            continue
        key = (facility.unit_id, facility.sector)
        if key not in contacts:
            contacts[key] = facility.contacts()
        yield facility, facility.user.username, secret, contacts[key]


def build_letters(job: ImportJob) -> tuple[bytes, int]:
    """The ZIP and how many accounts it holds."""
    by_unit = defaultdict(list)
    for entry in _entries(job):
        by_unit[entry[0].unit].append(entry)
    url = login_url()
    everyone = []
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for unit, entries in by_unit.items():
            folder = f"{unit.code}-{slugify(fold(unit.name))}"
            table = [
                [i, f.name, f.tax_code, f.address, unit.name, username, secret, url, NOTE]
                for i, (f, username, secret, _contacts) in enumerate(entries, start=1)
            ]
            everyone += table
            archive.writestr(
                f"{folder}/danh-sach-tai-khoan.xlsx",
                workbook_bytes("Tài khoản", LOGIN_HEADER, table, widths={2: 40, 4: 40, 7: 32, 8: 34, 9: 40}),
            )
            html = render_to_string(
                "accounts/import/letters.html",
                {
                    "unit": unit,
                    "letters": [
                        {"facility": f, "username": u, "secret": s, "contacts": c} for f, u, s, c in entries
                    ],
                    "login_url": url,
                    "site_url": settings.SITE_URL,
                    "period_days": settings.ASSESSMENT_PERIOD_DAYS,
                    "today": timezone.localdate(),
                },
            )
            archive.writestr(f"{folder}/thu-cap-tai-khoan.html", html)
        for i, line in enumerate(everyone, start=1):
            line[0] = i
        archive.writestr(
            "tat-ca-tai-khoan.xlsx",
            workbook_bytes("Tài khoản", LOGIN_HEADER, everyone, widths={2: 40, 4: 40, 7: 32, 8: 34, 9: 40}),
        )
    return out.getvalue(), len(everyone)


def letters_take(*, job: ImportJob, by=None) -> tuple[bytes, int] | None:
    """Build the letters once: the secrets are wiped in the same transaction, so a second request
    (or a second admin) gets None."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not locked.letters_available:
            return None
        content, count = build_letters(locked)
        import_secrets_wipe(job=locked)
        ImportJob.objects.filter(pk=job.pk).update(
            letters_downloaded_by=by, letters_downloaded_at=timezone.now()
        )
    return content, count
