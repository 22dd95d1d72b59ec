"""Credential letters: per administrative unit, an XLSX of logins, a printable A4 letter per
facility (HTML) and the Thông báo tài khoản as DOCX and PDF (accounts.importing.notice), in one ZIP. Built from the sealed secrets of one batch (accounts.importing.batches),
which are then wiped: each office, and the admin, gets its own once."""

import io
import os
import zipfile
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from safemap import paperwork as pw
from safemap.spreadsheets import Column, xlsx_bytes

from ..models import ImportJob, ImportRow
from ..paperwork import issuing_office
from ..text import fold
from .notice import account_notice_blocks
from .sealing import Sealer

LOGIN_COLUMNS = [
    Column("STT", 6, "number"),
    Column("Tên cơ sở", 40),
    Column("Mã số thuế", 18),
    Column("Địa chỉ", 40),
    Column("Xã/phường", 18),
    Column("Tên đăng nhập", 18),
    Column("Mật khẩu ban đầu", 32),
    Column("Địa chỉ đăng nhập", 34),
    Column("Ghi chú", 40),
]
NOTE = "Phải đổi mật khẩu ở lần đăng nhập đầu tiên"


def login_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("login")


def _entries(job: ImportJob, rows):
    sealer = Sealer(job.pk)
    rows = (
        rows.filter(status=ImportRow.Status.CREATED, facility__isnull=False)
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


BLOCKS_PER_SLIP = 14  # about: turns the renderers' block counts into accounts for the progress bar


WRITERS = {"docx": pw.DocxWriter, "pdf": pw.PdfWriter}


def notice_files(
    *, office, unit, entries, url, reissued=False, progress=None, formats=("docx", "pdf")
) -> dict[str, bytes]:
    """The Thông báo tài khoản of one unit as {"docx": …, "pdf": …}. ``progress(n)`` gets the
    number of slips written so far, across both formats."""
    office = issuing_office(office, unit)
    kwargs = {
        "office": office,
        "unit": unit,
        "entries": entries,
        "login_url": url,
        "period_days": settings.ASSESSMENT_PERIOD_DAYS,
        "reissued": reissued,
    }
    n = len(entries)
    files = {}
    for k, fmt in enumerate(formats):
        with pw.gc_paused():
            out = WRITERS[fmt](title="Thông báo tài khoản")
            for i, block in enumerate(account_notice_blocks(**kwargs), start=1):
                out.add(block)
                if progress and i % 500 == 0:
                    progress((min(n, i // BLOCKS_PER_SLIP) + k * n) // len(formats))
            files[fmt] = out.output()
    return files


def build_letters(job: ImportJob, rows=None, *, office=None, progress=None) -> tuple[bytes, int, list[int]]:
    """The ZIP of the letters of ``rows`` (the whole job by default), how many accounts it holds
    and their facilities' ids. ``office`` hands the letters out (their letterhead; the
    province's Sở when None); ``progress(n)`` gets the number of accounts done."""
    by_unit = defaultdict(list)
    rows = ImportRow.objects.filter(job=job) if rows is None else rows
    for entry in _entries(job, rows):
        by_unit[entry[0].unit].append(entry)
    url = login_url()
    everyone = []
    done = 0
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
                xlsx_bytes(table, columns=LOGIN_COLUMNS, sheet_title="Tài khoản"),
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
            files = notice_files(
                office=office,
                unit=unit,
                entries=entries,
                url=url,
                progress=(lambda n, base=done: progress(base + n)) if progress else None,
            )
            for fmt, content in files.items():
                archive.writestr(f"{folder}/thong-bao-tai-khoan.{fmt}", content)
            done += len(entries)
            if progress:
                progress(done)
        for i, line in enumerate(everyone, start=1):
            line[0] = i
        archive.writestr(
            "tat-ca-tai-khoan.xlsx", xlsx_bytes(everyone, columns=LOGIN_COLUMNS, sheet_title="Tài khoản")
        )
    return out.getvalue(), len(everyone), [f.pk for entries in by_unit.values() for f, *_rest in entries]


def write_private(path: Path, content: bytes):
    """Write a file only its owner can read: it holds initial passwords. An existing file is
    made private before anything is written into it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        os.fchmod(fd, 0o600)  # O_CREAT's mode does not apply to a file that already exists
        fh.write(content)
