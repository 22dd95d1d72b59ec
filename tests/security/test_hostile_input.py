"""Malformed and hostile input on every form, filter, upload and import: never a server error,
and nothing stored so that it later runs as HTML, reaches the disk under the sender's file name
or opens as a formula in Excel. A corpus runs every value through every form; hypothesis adds
generated text per field, derandomized so CI always tries the same inputs."""

import base64
import io
import re
import time
import tracemalloc
import unicodedata
import zipfile
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from accounts.account_requests import AccountRequest
from accounts.forms import ChangePasswordForm, LoginForm
from accounts.importing.forms import UploadForm as ImportUploadForm
from accounts.models import AdminUnit, ImportJob
from accounts.request_forms import AccountRequestForm
from accounts.units import UnitFileError, load_gso_units
from assessments.forms import SignForm
from assessments.models import Answer, Photo
from reports.filters import FacilityFilterForm
from reports.forms import ContactForm, FacilityCorrectionForm, SuspensionReportForm
from reports.journal import JournalFilterForm
from reports.public import PublicFilterForm
from tests.factories.assessments import (
    SVG_WITH_SCRIPT,
    bomb_png_bytes,
    jpeg_bytes,
    png_bytes,
    signature_png,
    stored_files,
)
from tests.factories.imports import blank_rows_csv, csv_bytes, declared_wide_xlsx, xlsx_bytes, zip_bomb
from tests.factories.security import MISSING, item_of

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\t\x0b\x0c",
    "\x1b[31mđỏ\x1b[0m",
    "\x7f\x08",
    "\u202egpj.exe",
    "tên\u200b\u200c\u200d\ufeffcơ sở",
    unicodedata.normalize("NFD", "Công ty TNHH Điện Biên Phủ"),
    "مرحبا بالعالم",
    "שלום",
    "👨\u200d👩\u200d👧 𝕏 ﷺ",
    SCRIPT,
    IMG,
    "javascript:alert(1)",
    "{{ 7*7 }}{% debug %}",
    "${7*7}",
    '=HYPERLINK("http://evil.example","bấm")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\uff1d1+1",
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%2e%2e%2f%00",
    "' OR '1'='1'; DROP TABLE accounts_user; --",
    "%s%s%n%x",
    "x" * 10_000,
    "9" * 400,
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "0x1F",
    "1.5",
    "１２３",
    "²",
    "٣",
    "99999999999999999999",
    "-99999999999999999999",
    "2021-13-45",
    "31/02/2021",
    "true",
    "[]",
    '{"a": 1}',
]
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(codec="utf-8"), max_size=200),
    st.integers().map(str),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
)


@dataclass
class Probe:
    """Sends inputs, counts them and the server errors they cause. By default each request's
    database changes are rolled back, so one input cannot hide or cause another's failure."""

    tried: int = 0
    errors: list = field(default_factory=list)

    def send(self, client, method, url, data=None, *, keep=False, **extra):
        self.tried += 1
        with transaction.atomic():
            response = getattr(client, method)(url, data, **extra)
            if not keep:
                transaction.set_rollback(True)
        if response.streaming:  # reading it to the end closes it the way the test client expects
            b"".join(response.streaming_content)
        if response.status_code >= 500:
            self.errors.append(f"{method.upper()} {url} {str(data)[:200]!r} → {response.status_code}")
        return response

    def count(self, ok: bool, what: str):
        """For inputs handled without HTTP (files read by a management command)."""
        self.tried += 1
        if not ok:
            self.errors.append(what)


@pytest.fixture
def probe(figures):
    p = Probe()
    yield p
    figures["hostile inputs tried"] = figures.get("hostile inputs tried", 0) + p.tried
    figures["hostile inputs that caused a 500"] = figures.get("hostile inputs that caused a 500", 0) + len(
        p.errors
    )


def no_server_errors(probe):
    assert probe.errors == [], f"{len(probe.errors)} of {probe.tried} inputs caused a 500:\n" + "\n".join(
        probe.errors[:30]
    )


HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# Every form: who sends it, where, a valid base, and the fields to spoil.


@dataclass
class Form:
    name: str
    role: str
    url: callable
    fields: list
    base: callable = lambda w: {}
    method: str = "post"


def facility_fields(w):
    return {
        "name": "Chợ Điện Biên",
        "tax_code": "5600000001",
        "address": "Số 2",
        "unit": w.obj["commune_a"].pk,
        "sector": "industry",
        "facility_type": "factory",
        "workers": "10",
        "latitude": "21.38",
        "longitude": "103.02",
        "contact_name": "Lò Văn A",
        "contact_phone": "0209",
        "email": "",
    }


def request_fields(w):
    return {
        "name": "Cơ sở mới",
        "tax_code": "5600000099",
        "address": "Số 3",
        "unit": w.obj["commune_a"].pk,
        "sector": "industry",
        "facility_type": "factory",
        "contact_name": "Lò Văn B",
        "contact_phone": "0209",
        "email": "",
    }


def autosave_url(w):
    a = w.obj["a_draft"]
    return reverse("assessments:autosave", args=[a.pk, item_of(a).pk])


def fields_of(form_class, *extra) -> list[str]:
    """The fields a form class declares (so a field added to a form is spoiled here too), plus
    the parameters its view reads beside the form."""
    return [*form_class.base_fields, *extra]


# The facility lists and maps: the filter form and the page number.
FILTERS = fields_of(FacilityFilterForm, "trang")
PUBLIC_FILTERS = fields_of(PublicFilterForm, "trang")
FORMS = [
    Form("login", "anon", lambda w: reverse("login"), fields_of(LoginForm, "next")),
    Form(
        "password change",
        "fac_b",
        lambda w: reverse("password_change"),
        fields_of(ChangePasswordForm),
    ),
    Form("autosave", "fac_a", autosave_url, ["met", "option", "note"]),
    Form(
        "sign",
        "fac_a",
        lambda w: reverse("assessments:sign", args=[w.obj["a_completed"].pk]),
        fields_of(SignForm),
        lambda w: {"signer_name": "Lò Văn Minh", "signer_position": "Giám đốc"},
    ),
    Form(
        "facility correction",
        "province",
        lambda w: reverse("reports:facility_edit", args=[w.obj["fac_a"].pk]),
        fields_of(FacilityCorrectionForm),
        facility_fields,
    ),
    Form(
        "contact",
        "local",
        lambda w: reverse("reports:contact_new", args=[w.obj["fac_a"].pk]),
        fields_of(ContactForm),
        lambda w: {"method": "call", "person": "Ông Lò Văn A", "outcome": "Hẹn nộp", "next_step_on": ""},
    ),
    Form(
        "case file pages",
        "province",
        lambda w: reverse("reports:facility_detail", args=[w.obj["fac_a"].pk]),
        ["trang"],
        method="get",
    ),
    Form(
        "account request",
        "local",
        lambda w: reverse("account_request_new"),
        fields_of(AccountRequestForm),
        request_fields,
    ),
    Form(
        "account request rows",
        "local",
        lambda w: reverse("account_request_upload"),
        # form-TOTAL_FORMS is left alone: any count up to the 2,000-row limit is legitimate and
        # renders that many forms (seconds per request), too slow to repeat for every value.
        ["form-INITIAL_FORMS", "form-0-name", "form-0-unit", "form-0-tax_code", "form-0-email"],
        lambda w: {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            **{f"form-0-{k}": v for k, v in request_fields(w).items()},
        },
    ),
    Form(
        "account review",
        "province",
        lambda w: reverse("account_request_review"),
        ["ids", "action", "note"],
        lambda w: {"ids": [w.obj["req_a"].pk], "action": "reject", "note": "Thiếu địa chỉ"},
    ),
    Form(
        "account issued",
        "ministry",
        lambda w: reverse("account_request_issued"),
        ["ids"],
        lambda w: {"ids": [w.obj["req_a_approved"].pk]},
    ),
    Form(
        "facility list filters", "province", lambda w: reverse("reports:facility_list"), FILTERS, method="get"
    ),
    Form("officer map data", "local", lambda w: reverse("reports:officer_map_data"), FILTERS, method="get"),
    Form("public map data", "anon", lambda w: reverse("reports:map_data"), PUBLIC_FILTERS, method="get"),
    Form("public map", "anon", lambda w: reverse("reports:public_map"), PUBLIC_FILTERS, method="get"),
    Form("embed map", "anon", lambda w: reverse("reports:embed_map"), PUBLIC_FILTERS, method="get"),
    Form("public search", "anon", lambda w: reverse("reports:public_search"), PUBLIC_FILTERS, method="get"),
    Form("officer map", "zone", lambda w: reverse("reports:officer_map"), FILTERS, method="get"),
    Form(
        "dashboard", "division", lambda w: reverse("reports:dashboard"), ["unit", "trang", "q"], method="get"
    ),
    Form(
        "account requests list",
        "province",
        lambda w: reverse("account_request_list"),
        ["status", "trang"],
        method="get",
    ),
    Form(
        "suspension report",
        "province",
        lambda w: reverse("reports:suspension_report"),
        fields_of(SuspensionReportForm),
        method="get",
    ),
    Form(
        "suspension xlsx",
        "province",
        lambda w: reverse("reports:suspension_xlsx"),
        fields_of(SuspensionReportForm),
        method="get",
    ),
    Form(
        "journal filters",
        "local",
        lambda w: reverse("reports:journal"),
        fields_of(JournalFilterForm, "trang"),
        method="get",
    ),
    Form(
        "journal xlsx",
        "ministry",
        lambda w: reverse("reports:journal_xlsx"),
        fields_of(JournalFilterForm),
        method="get",
    ),
    Form(
        "export params", "province", lambda w: reverse("reports:facility_export", args=["csv"]) + "?", FILTERS
    ),
    Form(
        "admin import page",
        "admin",
        lambda w: reverse("import_list"),
        fields_of(ImportUploadForm, "csrfmiddlewaretoken"),
    ),
]


def send_form(probe, world, form, values: dict):
    data = {**form.base(world), **values}
    url = form.url(world)
    client = world.client(form.role, raise_request_exception=False)
    if form.name == "export params":  # filters ride in the query string of the export POST
        return probe.send(client, "post", url + "&".join(f"{k}={quote(v)}" for k, v in values.items()))
    return probe.send(client, form.method, url, data)


def test_every_corpus_value_in_every_field_of_every_form(world, probe):
    for form in FORMS:
        for value in HOSTILE:
            send_form(probe, world, form, dict.fromkeys(form.fields, value))
    no_server_errors(probe)
    assert probe.tried >= len(FORMS) * len(HOSTILE)


# The values most likely to pass one check and break the next, each in one field alone, the
# others valid: a form that stops at its first bad field hides what a later one would do.
SHARP = ["\x00", "a\x00b", "²", "99999999999999999999", "-1", "x" * 10_000, SCRIPT, "\u202e\u200b"]


def test_sharp_values_in_each_field_alone(world, probe):
    for form in FORMS:
        for name in form.fields:
            for value in SHARP:
                send_form(probe, world, form, {name: value})
    no_server_errors(probe)


@HYPOTHESIS
@given(data=st.data())
def test_generated_text_in_one_field_of_any_form(world, probe, data):
    form = data.draw(st.sampled_from(FORMS), label="form")
    name = data.draw(st.sampled_from(form.fields), label="field")
    send_form(probe, world, form, {name: data.draw(TEXT, label="value")})
    no_server_errors(probe)


@HYPOTHESIS
@given(values=st.lists(TEXT, min_size=1, max_size=4))
def test_repeated_and_unknown_parameters(world, probe, values):
    client = world.client("province", raise_request_exception=False)
    probe.send(
        client, "get", reverse("reports:facility_list"), {"unit": values, "q": values, values[0][:50]: "1"}
    )
    probe.send(
        client, "post", reverse("account_request_review"), {"ids": values, "action": "reject", "note": values}
    )
    no_server_errors(probe)


# Ids in URLs


def int_routes():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and "<" in str(p.pattern):
                yield prefix + str(p.pattern)

    return [r for r in walk(get_resolver().url_patterns) if not r.startswith("quan-tri/") or "nhap" in r]


BAD_IDS = [
    "-1",
    "0",
    "9" * 25,
    "99999999999999999999",
    "abc",
    "1.5",
    "%00",
    "..%2f..%2fetc",
    "%C2%B2",
    "1%0a2",
    "١٢",
]


@pytest.mark.parametrize("role", ["anon", "fac_a", "province", "admin"])
def test_bad_ids_in_every_url_are_not_found(world, probe, role):
    client = world.client(role, raise_request_exception=False)
    for route in int_routes():
        for bad in BAD_IDS:
            path = "/" + re.sub(r"<(\w+:)?(\w+)>", bad, route)
            for method in ("get", "post"):
                response = probe.send(client, method, path)
                assert response.status_code in (302, 404, 405), (path, method, response.status_code)
    no_server_errors(probe)


# Uploads


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _zip(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out.getvalue()


def _jpeg_with_trailer():
    return jpeg_bytes((40, 30)) + b"<?php system($_GET['c']); ?>"


FILE_CONTENTS = {
    "empty": b"",
    "text": b"just text, no image",
    "html": SCRIPT.encode(),
    "svg": SVG_WITH_SCRIPT,
    "nul": b"\x00" * 2048,
    "truncated jpeg": jpeg_bytes((400, 300))[:700],
    "jpeg with php trailer": _jpeg_with_trailer(),
    "png bomb": bomb_png_bytes(),
    "png": png_bytes((20, 20)),
    "zip bomb": zip_bomb(),
    "fake xlsx": _zip({"[Content_Types].xml": "<nope"}),
    "zip of traversal": _zip({"../../etc/passwd": "root:x:0:0"}),
    "xlsx hostile cells": _xlsx(
        [
            [
                "Tên cơ sở",
                "Mã số thuế",
                "Địa chỉ",
                "Đơn vị hành chính (mã hoặc tên)",
                "Lĩnh vực",
                "Loại hình",
            ],
            [SCRIPT, "=1+1", '=HYPERLINK("http://x")', "03127", "@SUM(A1)", -1],
            [1e308, 10**20, True, None, "x" * 5000, "\u202e"],
        ]
    ),
    "xlsx empty": _xlsx([]),
    "xlsx header only": _xlsx([["Tên cơ sở", "Mã số thuế"]]),
    "xlsx 2001 rows": _xlsx(
        [["Tên cơ sở", "Mã số thuế"]] + [[f"Cơ sở {i}", "5600000000"] for i in range(2001)]
    ),
    "csv formulas": csv_bytes(
        [["STT", "Tên cơ sở", "Mã số thuế", "Xã/phường", "Tỉnh"], [1, "=cmd|' /C calc'!A0", "-1", "@x", "+1"]]
    ),
    "csv cp1258 junk": bytes(range(256)) * 4,
    "csv blank rows": blank_rows_csv(20_000),
    "import file": xlsx_bytes(
        [
            ["STT", "Tên cơ sở", "Mã số thuế", "Xã/phường", "Tỉnh"],
            [1, SCRIPT, "5600100001", "Phường Điện Biên Phủ", "Điện Biên"],
        ]
    ),
}
FILE_NAMES = [
    "anh.jpg",
    "../../etc/passwd",
    "..\\..\\boot.ini",
    "/etc/shadow.xlsx",
    "a.jpg\x00.php",
    "x" * 1000 + ".xlsx",
    "\u202eslx.exe",
    SCRIPT + ".csv",
    "ảnh Điện Biên.jpg",
    ".htaccess",
]


def file_uploads():
    for kind, content in FILE_CONTENTS.items():
        for name in (
            FILE_NAMES[:3] if kind not in ("png", "import file", "xlsx hostile cells") else FILE_NAMES
        ):
            yield kind, name, content


def named(name, content):
    f = io.BytesIO(content)
    f.name = name
    return f


def test_hostile_photo_uploads_never_fail_and_never_keep_the_file_name(world, probe, settings):
    client = world.client("fac_a", raise_request_exception=False)
    a = world.obj["a_draft"]
    url = reverse("assessments:photo_upload", args=[a.pk, item_of(a, "1.2").pk])
    for kind, name, content in file_uploads():
        response = probe.send(client, "post", url, {"photo": named(name, content)}, keep=kind == "png")
        if kind == "png" and response.status_code == 200:
            Photo.objects.filter(pk=response.json()["id"]).delete()  # room for the next (3 per item)
    for bad in (b"", b"x", {"photo": "not a file"}):
        probe.send(client, "post", url, bad if isinstance(bad, dict) else {"photo": named("a.jpg", bad)})
    no_server_errors(probe)
    for path in stored_files(settings.MEDIA_ROOT):
        relative = path.relative_to(settings.MEDIA_ROOT).as_posix()
        assert re.fullmatch(r"(photos(/thumbs)?|signatures|exports/\w+)/[\w/.-]+", relative), relative
        assert not any(
            n in relative for n in ("passwd", "boot", "shadow", "htaccess", "script", "ảnh", "xxxx")
        )


def test_hostile_import_files_never_fail_and_their_names_stay_text(world, probe):
    client = world.client("admin", raise_request_exception=False)
    for _kind, name, content in file_uploads():
        probe.send(client, "post", reverse("import_list"), {"file": named(name, content)}, keep=True)
    no_server_errors(probe)
    assert ImportJob.objects.filter(file_name__contains="passwd").exists()  # kept as a label only
    client.post(reverse("import_list"), {"file": named(IMG + ".csv", FILE_CONTENTS["import file"])})
    job = ImportJob.objects.get(file_name=IMG + ".csv")
    for url in (reverse("import_list"), reverse("import_detail", args=[job.pk])):
        page = client.get(url).content.decode()
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.csv" in page, url


def test_hostile_account_request_uploads_never_fail(world, probe):
    client = world.client("local", raise_request_exception=False)
    for _kind, name, content in file_uploads():
        for upload_name in (name, "de-nghi.xlsx"):
            probe.send(
                client, "post", reverse("account_request_upload"), {"file": named(upload_name, content)}
            )
    no_server_errors(probe)


def test_hostile_account_request_rows_are_shown_escaped(world, probe):
    client = world.client("local", raise_request_exception=False)
    rows = FILE_CONTENTS["xlsx hostile cells"]
    response = client.post(reverse("account_request_upload"), {"file": named("de-nghi.xlsx", rows)})
    assert response.status_code == 200
    page = response.content.decode()
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_hostile_gso_unit_files_give_a_clear_error_or_load(world, probe, tmp_path):
    header = ["Tỉnh Thành Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX"]
    files = {
        **{f"{kind} {n}": content for n, (kind, _name, content) in enumerate(file_uploads())},
        "orphan district": csv_bytes([header, ["", "", "Huyện Mồ Côi", "999", "Xã Lạc", "99999"]]),
        "no delimiter": b"abc\r\ndef\r\n",
        "hostile names": csv_bytes([header, [SCRIPT, "=1", IMG, "+2", "\x00x", "-3"]]),
        "huge codes": csv_bytes([header, ["Tỉnh X", "9" * 300, "Huyện Y", "1e309", "Xã Z", "-0"]]),
    }
    for n, content in enumerate(files.values()):
        path = tmp_path / f"gso-{n}"
        path.write_bytes(content)
        try:
            with transaction.atomic():
                load_gso_units(path)
                transaction.set_rollback(True)
            ok = True
        except UnitFileError as e:
            ok = bool(str(e))
        except Exception as e:  # anything else is a traceback for the operator
            ok = False
            probe.errors.append(f"gso file {n}: {type(e).__name__}: {e}"[:300])
            probe.tried += 1
            continue
        probe.count(ok, f"gso file {n}")
    assert AdminUnit.objects.filter(name__contains="<script>").count() == 0
    no_server_errors(probe)


def _wide_files():
    request_header = [
        "Tên cơ sở",
        "Mã số thuế",
        "Địa chỉ",
        "Đơn vị hành chính (mã hoặc tên)",
        "Người liên hệ",
        "Điện thoại",
    ]
    gso_header = ["Tỉnh Thành Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX"]
    return {
        "admin import": declared_wide_xlsx(
            [
                ["STT", "Tên cơ sở", "Mã số thuế", "Xã/phường", "Tỉnh"],
                [1, "Cơ sở Rộng", "5600100009", "Phường Điện Biên Phủ", "Điện Biên"],
            ]
        ),
        "account request": declared_wide_xlsx(
            [request_header, ["Cơ sở Rộng", "5600100009", "Số 1", "03127", "Lò Văn A", "0209"]]
        ),
        "gso units": declared_wide_xlsx(
            [gso_header, ["Tỉnh Rộng", "91", "Huyện Rộng", "991", "Xã Rộng", "99991"]]
        ),
    }


def _send_wide(world, kind, content, tmp_path):
    if kind == "gso units":
        path = tmp_path / "gso.xlsx"
        path.write_bytes(content)
        with transaction.atomic():
            load_gso_units(path)
            transaction.set_rollback(True)
        return 200
    role, url = (
        ("admin", reverse("import_list"))
        if kind == "admin import"
        else ("local", reverse("account_request_upload"))
    )
    with transaction.atomic():
        response = world.client(role).post(url, {"file": named("rong.xlsx", content)})
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize("kind", ["admin import", "account request", "gso units"])
def test_a_sheet_declaring_16384_columns_and_5000_rows_is_read_within_bounds(world, kind, tmp_path):
    """16 KB that claims A1:XFD5001: each empty row must not become a 16,384-cell tuple."""
    content = _wide_files()[kind]
    assert len(content) < 20_000
    tracemalloc.start()
    try:
        status = _send_wide(world, kind, content, tmp_path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status in (200, 302)
    assert peak < 50 * 1024 * 1024, f"{kind}: {peak / 1024 / 1024:.0f} MB"
    started = time.perf_counter()
    _send_wide(world, kind, content, tmp_path)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{kind}: {elapsed:.2f} s"


def test_no_module_reads_or_writes_a_spreadsheet_but_the_shared_one():
    """Every upload and every download goes through safemap.spreadsheets: its guards (size,
    zip bomb, rows, columns) and its formula guard cannot be skipped by a module of its own."""
    from django.conf import settings as django_settings

    root = django_settings.BASE_DIR
    shared = root / "safemap" / "spreadsheets"
    own = re.compile(
        r"load_workbook|openpyxl import .*\bWorkbook\b|WriteOnlyCell|csv\.(reader|writer|DictReader)"
    )
    offenders = [
        str(path.relative_to(root))
        for folder in ("accounts", "checklists", "assessments", "reports", "safemap")
        for path in (root / folder).rglob("*.py")
        if shared not in path.parents and "migrations" not in path.parts and own.search(path.read_text())
    ]
    assert offenders == []


# What hostile text looks like once stored


def test_stored_hostile_text_is_escaped_on_every_page_that_shows_it(world, probe):
    fac_a = world.obj["fac_a"]
    province = world.client("province")
    data = {**facility_fields(world), "name": SCRIPT, "address": IMG, "contact_name": '=HYPERLINK("x")'}
    assert province.post(reverse("reports:facility_edit", args=[fac_a.pk]), data).status_code == 302
    contact = {"method": "call", "person": IMG, "outcome": SCRIPT, "next_step_on": ""}
    assert province.post(reverse("reports:contact_new", args=[fac_a.pk]), contact).status_code == 302
    pages = [
        reverse("reports:facility_detail", args=[fac_a.pk]),
        reverse("reports:facility_list"),
        reverse("reports:facility_list") + "?q=script",
        reverse("reports:dashboard"),
        reverse("reports:facility_edit", args=[fac_a.pk]),
        reverse("reports:contact_new", args=[fac_a.pk]),
        reverse("reports:suspension_report"),
        reverse("reports:inbox"),
    ]
    for url in pages:
        page = province.get(url).content.decode()
        assert SCRIPT not in page and "<img src=x" not in page, url
    facility = world.client("fac_a")
    for url in (reverse("assessments:home"), reverse("assessments:detail", args=[world.obj["a_signed"].pk])):
        page = facility.get(url).content.decode()
        assert SCRIPT not in page and "<img src=x" not in page, url
    popup = world.client("anon").get(reverse("reports:public_popup", args=[fac_a.pk]))
    assert popup["Content-Type"] == "application/json" and popup.json()["name"] == SCRIPT


def test_hostile_note_and_signer_are_escaped_where_shown(world):
    client = world.client("fac_a")
    a = world.obj["a_completed"]
    note = SCRIPT + IMG
    r = client.post(reverse("assessments:autosave", args=[a.pk, item_of(a, "1.2").pk]), {"note": note})
    assert r.status_code == 200
    assert Answer.objects.get(assessment=a, item=item_of(a, "1.2")).note == note
    r = client.post(reverse("assessments:complete", args=[a.pk]))
    sign = {
        "signer_name": SCRIPT,
        "signer_position": IMG,
        "signature": "data:image/png;base64," + base64.b64encode(signature_png()).decode(),
    }
    assert client.post(reverse("assessments:sign", args=[a.pk]), sign).status_code == 302
    for viewer in ("fac_a", "province"):
        for url in (reverse("assessments:detail", args=[a.pk]), reverse("assessments:print", args=[a.pk])):
            page = world.client(viewer).get(url).content.decode()
            assert SCRIPT not in page and "<img src=x" not in page, (viewer, url)
            assert "&lt;script&gt;" in page, (viewer, url)


def _text_cells(content: bytes, name=None):
    ws = load_workbook(io.BytesIO(content)).active
    return [
        c
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and (name is None or name in c.value)
    ]


def _shown_as_typed(cells, name) -> bool:
    """A text cell with Excel's hidden quote prefix: shown as typed, never evaluated."""
    return bool(cells) and all(c.value == name and c.data_type == "s" and c.quotePrefix for c in cells)


FORMULA_NAMES = ['=HYPERLINK("http://evil.example")', "+1+1", "-1+1", "@SUM(A1)", "\uff1d1"]


def test_exports_of_hostile_names_are_formula_safe(world):
    fac_a = world.obj["fac_a"]
    ministry = world.client("ministry")
    for n, name in enumerate(FORMULA_NAMES):
        data = {**facility_fields(world), "name": name, "address": name, "tax_code": f"56000000{n:02d}"}
        assert ministry.post(reverse("reports:facility_edit", args=[fac_a.pk]), data).status_code == 302
        csv_body = b"".join(ministry.post(reverse("reports:facility_export", args=["csv"])).streaming_content)
        assert f"'{name}".replace('"', '""').encode() in csv_body  # CSV: OWASP's leading apostrophe
        xlsx = ministry.post(reverse("reports:facility_export", args=["xlsx"]))
        assert _shown_as_typed(_text_cells(b"".join(xlsx.streaming_content), name), name), name
    AccountRequest.objects.filter(pk=world.obj["req_a_approved"].pk).update(name="=1+2", address="@x")
    export = b"".join(ministry.post(reverse("account_request_export")).streaming_content)
    assert _shown_as_typed(_text_cells(export, "=1+2"), "=1+2") and _shown_as_typed(
        _text_cells(export, "@x"), "@x"
    )


def test_import_downloads_of_hostile_cells_are_formula_safe(world):
    """The file of rows to fix and the credential letters go through the same guard."""
    from accounts.importing.batches import letter_batch_take
    from accounts.importing.run import import_job_run
    from accounts.importing.service import import_job_confirm, import_job_create

    rows = [["STT", "Tên cơ sở", "Mã số thuế", "Xã/phường", "Tỉnh", "Địa chỉ"]]
    for n, name in enumerate(FORMULA_NAMES):
        rows.append([n + 1, name, f"560020000{n}", "Phường Điện Biên Phủ", "Điện Biên", name])
        rows.append([n + 10, name, "12", "Phường Điện Biên Phủ", "Điện Biên", name])  # a bad tax code
    # CSV: in an XLSX written by openpyxl, "=…" would be a formula with no value to read.
    job, _preview = import_job_create(raw=csv_bytes(rows), file_name="ds.csv", by=world.users["admin"])
    fix = world.client("admin").get(reverse("import_invalid_rows", args=[job.pk]))
    assert import_job_confirm(job=job, queue=False)
    import_job_run(job_id=job.pk)
    # The commune's office holds these letters (accounts.importing.batches).
    batch = job.letter_batches.get(unit=world.obj["commune_a"])
    letters, _count = letter_batch_take(batch=batch, by=world.users["local"])
    archive = zipfile.ZipFile(io.BytesIO(letters))
    for content in (fix.content, archive.read("tat-ca-tai-khoan.xlsx")):
        cells = _text_cells(content)
        assert all(c.data_type == "s" for c in cells)
        for name in FORMULA_NAMES:
            assert _shown_as_typed([c for c in cells if c.value == name or c.value == "'" + name], name), name


def test_nul_bytes_in_free_text_that_skips_django_forms_are_refused_or_dropped(world, probe):
    """Django's form fields refuse NUL; these two texts are read straight from the POST."""
    client = world.client("fac_a", raise_request_exception=False)
    a = world.obj["a_draft"]
    r = probe.send(
        client, "post", reverse("assessments:autosave", args=[a.pk, item_of(a).pk]), {"note": "a\x00b"}
    )
    assert r.status_code == 400 and "Ghi chú chứa ký tự không hợp lệ" in r.json()["error"]
    province = world.client("province", raise_request_exception=False)
    data = {"ids": [world.obj["req_a"].pk], "action": "reject", "note": "Thiếu\x00 mã số thuế"}
    assert probe.send(province, "post", reverse("account_request_review"), data, keep=True).status_code == 302
    assert AccountRequest.objects.get(pk=world.obj["req_a"].pk).review_note == "Thiếu mã số thuế"
    no_server_errors(probe)


def test_missing_objects_in_forms_are_refused_not_crashed(world, probe):
    """Ids that point nowhere inside otherwise valid forms."""
    client = world.client("fac_a", raise_request_exception=False)
    a = world.obj["a_draft"]
    for option in ("-1", str(MISSING), "99999999999999999999", "²"):
        r = probe.send(
            client, "post", reverse("assessments:autosave", args=[a.pk, item_of(a).pk]), {"option": option}
        )
        assert r.status_code == 400
    province = world.client("province", raise_request_exception=False)
    for unit in ("-1", str(MISSING), "99999999999999999999", "²"):
        data = {**facility_fields(world), "unit": unit}
        r = probe.send(province, "post", reverse("reports:facility_edit", args=[world.obj["fac_a"].pk]), data)
        assert r.status_code == 200
    no_server_errors(probe)
