"""The officer's Nhật ký page and its XLSX exports (scope, filters, paging, formula-safe), and
that nothing in SafeMap can edit or delete the log."""

import ast
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from accounts.choices import Role
from accounts.models import Action, Activity
from tests.factories import UserFactory
from tests.factories.activity import logged
from tests.factories.reports import officer

pytestmark = pytest.mark.django_db
JOURNAL = reverse("reports:journal")
XLSX = reverse("reports:journal_xlsx")


@pytest.fixture
def clerk(commune_a):
    return officer(commune_a, username="pkt.a", first_name="Lò Thị Lan")


@pytest.fixture
def log(clerk, facility_a, facility_b):
    """Three rows in commune A's scope, one in commune B's, one about no facility."""
    return {
        "edit": logged(
            facility_a,
            actor=clerk,
            at="02/11/2026 09:15",
            summary="Sửa thông tin cơ sở: số người lao động",
            changes={"số người lao động": [10, 25]},
        ),
        "contact": logged(
            facility_a, actor=clerk, action=Action.CONTACT_RECORDED, at="05/11/2026 14:00", summary="Gọi điện"
        ),
        "reissue": logged(
            facility_a, actor=clerk, action=Action.PASSWORD_REISSUED, at="20/11/2026 08:30", summary="Cấp lại"
        ),
        "other": logged(facility_b, actor=clerk, at="06/11/2026 10:00", summary="Ở xã khác"),
        "import": logged(
            actor=clerk, action=Action.IMPORT_CONFIRMED, at="07/11/2026 10:00", summary="Nhập tệp"
        ),
    }


def summaries(response):
    return [a.summary for a in response.context["page"]]


def rows_of(response):
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_journal_lists_the_scope_newest_first_with_who_what_and_old_and_new(client, clerk, log):
    client.force_login(clerk)
    response = client.get(JOURNAL)
    assert summaries(response) == ["Cấp lại", "Gọi điện", "Sửa thông tin cơ sở: số người lao động"]
    html = response.content.decode()
    assert "02/11/2026 09:15" in html and "Lò Thị Lan" in html and "Chợ Điện Biên" in html
    assert '<del>10</del> → <ins class="text-decoration-none fw-semibold">25</ins>' in html
    assert "Ở xã khác" not in html and "Nhập tệp" not in html


def test_the_ministry_reads_every_row_including_those_about_no_facility(client, log):
    client.force_login(UserFactory(role=Role.MINISTRY))
    assert len(summaries(client.get(JOURNAL))) == 5


def test_the_journal_filters_by_dates_action_and_facility(client, clerk, log, commune_a):
    client.force_login(clerk)
    dates = client.get(JOURNAL, {"date_from": "03/11/2026", "date_to": "20/11/2026"})
    assert summaries(dates) == ["Cấp lại", "Gọi điện"]
    assert summaries(client.get(JOURNAL, {"date_to": "02/11/2026"})) == [
        "Sửa thông tin cơ sở: số người lao động"
    ]
    assert summaries(client.get(JOURNAL, {"action": Action.CONTACT_RECORDED})) == ["Gọi điện"]
    assert len(summaries(client.get(JOURNAL, {"q": "cho dien"}))) == 3
    assert summaries(client.get(JOURNAL, {"q": "Mường Phăng"})) == []
    assert len(summaries(client.get(JOURNAL, {"unit": commune_a.pk}))) == 3


def test_a_wrong_date_is_named_in_vietnamese_and_the_form_keeps_what_was_typed(client, clerk, log):
    client.force_login(clerk)
    response = client.get(JOURNAL, {"date_from": "31/02/2026", "q": "Chợ"})
    html = response.content.decode()
    assert "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm" in html
    assert 'value="31/02/2026"' in html and 'value="Chợ"' in html
    assert summaries(response) == []
    backwards = client.get(JOURNAL, {"date_from": "20/11/2026", "date_to": "01/11/2026"}).content.decode()
    assert "“Đến ngày” phải từ “Từ ngày” trở đi." in backwards


def test_the_journal_pages_fifty_rows_at_a_time(client, clerk, facility_a):
    for i in range(55):
        logged(facility_a, actor=clerk, summary=f"Việc {i:02d}")
    client.force_login(clerk)
    first = client.get(JOURNAL, {"action": Action.FACILITY_EDITED})
    assert len(summaries(first)) == 50 and first.context["page"].paginator.count == 55
    assert "action=facility_edited&amp;trang=2" in first.content.decode()
    assert len(summaries(client.get(JOURNAL, {"action": Action.FACILITY_EDITED, "trang": 2}))) == 5


def test_the_officer_menu_links_to_the_journal(client, clerk):
    client.force_login(clerk)
    assert f'href="{JOURNAL}"' in client.get(reverse("reports:dashboard")).content.decode()


def test_the_xlsx_holds_the_filtered_rows_of_the_scope_in_its_columns(client, clerk, log):
    client.force_login(clerk)
    response = client.get(XLSX, {"date_to": "10/11/2026"})
    assert response["Content-Disposition"].startswith('attachment; filename="nhat-ky-')
    rows = rows_of(response)
    assert rows[1] == ["Thời điểm", "Người thực hiện", "Việc", "Cơ sở", "Địa bàn", "Nội dung", "Thay đổi"]
    assert rows[2:] == [
        [
            "05/11/2026 14:00",
            "Lò Thị Lan (pkt.a)",
            "Ghi nhận liên hệ",
            "Chợ Điện Biên",
            "Phường Điện Biên Phủ",
            "Gọi điện",
            None,
        ],
        [
            "02/11/2026 09:15",
            "Lò Thị Lan (pkt.a)",
            "Sửa thông tin cơ sở",
            "Chợ Điện Biên",
            "Phường Điện Biên Phủ",
            "Sửa thông tin cơ sở: số người lao động",
            "số người lao động: 10 → 25",
        ],
    ]


def test_the_xlsx_is_formula_safe(client, clerk, facility_a):
    logged(facility_a, actor=clerk, summary='=HYPERLINK("http://evil.example","bấm")')
    client.force_login(clerk)
    ws = load_workbook(io.BytesIO(b"".join(client.get(XLSX).streaming_content))).active
    cell = ws.cell(row=3, column=6)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK") and cell.quotePrefix


def test_taking_the_log_out_is_itself_logged(client, clerk, log):
    client.force_login(clerk)
    b"".join(client.get(XLSX).streaming_content)
    row = Activity.objects.filter(action=Action.EXPORTED).get()
    assert row.actor == clerk and "Nhật ký" in row.summary and "3 dòng" in row.summary


def test_too_long_a_log_is_refused_with_a_message_that_says_how_to_shorten_it(client, clerk, log, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    client.force_login(clerk)
    response = client.get(XLSX, follow=True)
    assert "quá dài để tải một lần" in response.content.decode()
    assert not Activity.objects.filter(action=Action.EXPORTED).exists()


def test_a_facilitys_log_downloads_from_its_page_and_only_in_scope(
    client, clerk, log, facility_a, facility_b
):
    client.force_login(clerk)
    page = client.get(reverse("reports:facility_detail", args=[facility_a.pk])).content.decode()
    url = reverse("reports:facility_journal_xlsx", args=[facility_a.pk])
    assert f'href="{url}"' in page
    rows = rows_of(client.get(url))
    assert rows[0][0] == "Nhật ký — Chợ Điện Biên"
    assert [r[5] for r in rows[2:]] == ["Cấp lại", "Gọi điện", "Sửa thông tin cơ sở: số người lao động"]
    assert client.get(reverse("reports:facility_journal_xlsx", args=[facility_b.pk])).status_code == 404


def test_facilities_read_no_log(client, facility_user, log):
    client.force_login(facility_user)
    assert client.get(JOURNAL).status_code == 404
    assert client.get(XLSX).status_code == 404


# Nothing can edit or delete the log


def test_the_journal_urls_only_read(client, clerk, log, facility_a):
    client.force_login(clerk)
    for url in (JOURNAL, XLSX, reverse("reports:facility_journal_xlsx", args=[facility_a.pk])):
        assert client.post(url, {"summary": "x"}).status_code == 405
    assert Activity.objects.count() == 5


def test_no_project_url_but_the_refusing_admin_names_the_log_for_change_or_delete():
    routes = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, prefix + str(p.pattern))
            else:
                routes.append((prefix + str(p.pattern), p.name or ""))

    walk(get_resolver().url_patterns)
    suspicious = [
        (route, name)
        for route, name in routes
        if re.search(r"nhat-ky|activity|journal", route + name)
        and re.search(r"sua|xoa|change|delete|edit|update", route + name)
        and name != "accounts_activity_changelist"  # the admin's read-only list
    ]
    # Django's admin has change and delete views for every model; ActivityAdmin refuses both
    # (tests/accounts/test_activity_log.py::test_admin_shows_the_log_but_refuses_add_change_and_delete).
    assert {name for _route, name in suspicious} == {"accounts_activity_change", "accounts_activity_delete"}


WRITES = {"delete", "update", "bulk_update", "_raw_delete", "save"}
SQL_WRITE = re.compile(r"\b(DELETE\s+FROM|UPDATE|TRUNCATE)\b[^;]*accounts_activity", re.I | re.S)


def log_writes(source: str, path: str = "<text>") -> list[str]:
    """Calls that change or delete rows of the log: ``.delete()``, ``.update()``, ``.save()`` and
    kin on an expression naming Activity or activities, and raw SQL that writes its table."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            receiver = ast.get_source_segment(source, node.func.value) or ""
            if re.search(r"\bActivity\b|activit", receiver):
                found.append(f"{path}:{node.lineno}: {receiver}.{node.func.attr}()")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_WRITE.search(node.value):
            found.append(f"{path}:{node.lineno}: SQL {node.value.strip()[:60]}")
    return found


def test_the_scanner_finds_a_planted_delete():
    """The next test can fail: the scanner sees the writes it looks for."""
    assert log_writes("Activity.objects.filter(pk=1).delete()")
    assert log_writes("facility.activities.all().update(summary='x')")
    assert log_writes("cursor.execute('DELETE FROM accounts_activity WHERE id = 1')")
    assert not log_writes("Activity.objects.create(summary='x')")


def test_no_view_command_or_service_in_the_codebase_edits_or_deletes_the_log():
    """Every module of the apps and their management commands; the migrations only add the
    table and its trigger, and the model's own save/delete are the refusals."""
    root = Path(settings.BASE_DIR)
    found = []
    for folder in ("accounts", "checklists", "assessments", "reports", "safemap", "scripts", "benchmarks"):
        for path in (root / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            rel = str(path.relative_to(root))
            found += log_writes(path.read_text(encoding="utf-8"), rel)
    # The model's own save() and delete(), which refuse any change.
    allowed = {"accounts/models/activity.py"}
    assert [f for f in found if f.split(":")[0] not in allowed] == []
    commands = list((root / "accounts" / "management" / "commands").glob("*.py"))
    assert commands, "the scan must see the management commands"
