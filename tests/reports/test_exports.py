import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import Level
from reports.exports import FACILITY_COLUMNS
from reports.models import ExportJob
from safemap.spreadsheets import csv_safe
from tests.factories import FacilityFactory, UserFactory
from tests.factories.reports import officer, overdue_facility, signed_facility

pytestmark = pytest.mark.django_db
HEADERS = tuple(str(c.header) for c in FACILITY_COLUMNS)


def xlsx(response):
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content))


def test_csv_formula_starts_are_defused():
    for dangerous in ("=1+2", "+84912", "-2", "@SUM(A1)", "\tx", "\rx", "\nx", "＝1", "＋1", "－1", "＠x"):
        assert csv_safe(dangerous) == "'" + dangerous
    assert csv_safe("Chợ Điện Biên") == "Chợ Điện Biên"
    assert csv_safe(None) is None


def test_overdue_xlsx_has_vietnamese_headers_dates_and_only_overdue_rows(client, settings, commune_a):
    late = overdue_facility(days_late=3, unit=commune_a, name="Công ty Trễ Hạn")
    signed_facility(Level.GREEN, unit=commune_a, name="Công ty Đúng Hạn")
    client.force_login(officer(commune_a))
    response = client.post(reverse("reports:facility_export", args=["xlsx"]) + "?state=overdue")
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-co-so-')
    ws = xlsx(response).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert rows[0][1] == "Tên cơ sở"
    assert len(rows) == 2
    assert rows[1][1] == "Công ty Trễ Hạn"
    assert rows[1][10] == 3 + settings.ASSESSMENT_GRACE_DAYS == late.days_overdue()  # from the due date
    date_cell = ws.cell(row=2, column=9)
    assert date_cell.number_format == "DD/MM/YYYY"
    assert date_cell.value.date() == timezone.localtime(late.last_signed_at).date()
    assert ws.freeze_panes == "A2"
    assert rows[1][11] == "Đang hoạt động"  # Tình trạng hoạt động
    assert ws.auto_filter.ref == "A1:Q2"
    assert ws.column_dimensions["B"].width == 40


def test_exported_cells_never_hold_a_formula_and_show_no_apostrophe(client, commune_a):
    FacilityFactory(
        unit=commune_a,
        name='=HYPERLINK("http://x","bấm")',
        address="+84 1",
        contact_name="@cmd",
        contact_phone="-1+1",
    )
    client.force_login(officer(commune_a))
    wb = xlsx(client.post(reverse("reports:facility_export", args=["xlsx"])))
    cells = [c for row in wb.active.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    by_value = {c.value: c for c in cells if isinstance(c.value, str)}
    for typed in ('=HYPERLINK("http://x","bấm")', "+84 1", "@cmd", "-1+1"):
        # Shown exactly as typed: a text cell with Excel's hidden quote prefix, no apostrophe.
        cell = by_value[typed]
        assert cell.data_type == "s" and cell.quotePrefix, typed
    assert not any(v.startswith("'") for v in by_value)
    assert not by_value["Tên cơ sở"].quotePrefix  # ordinary text is left alone


def test_csv_has_a_bom_vietnamese_headers_and_defused_cells(client, commune_a):
    signed_facility(Level.RED, unit=commune_a, name="=cmd|' /C calc'!A0")
    client.force_login(officer(commune_a))
    response = client.post(reverse("reports:facility_export", args=["csv"]))
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADERS
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert rows[1][8].count("/") == 2 and len(rows[1][8]) == 10  # dd/mm/yyyy


def test_exports_hold_only_facilities_in_the_officer_scope(client, commune_a, commune_b):
    FacilityFactory(unit=commune_a, name="Của tôi")
    FacilityFactory(unit=commune_b, name="Của người khác")
    client.force_login(officer(commune_a))
    for fmt in ("xlsx", "csv"):
        response = client.post(reverse("reports:facility_export", args=[fmt]))
        body = b"".join(response.streaming_content)
        if fmt == "xlsx":
            names = [
                r[1] for r in load_workbook(io.BytesIO(body)).active.iter_rows(min_row=2, values_only=True)
            ]
        else:
            names = [r[1] for r in list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]]
        assert names == ["Của tôi"]


def test_export_needs_post_and_an_officer(client, commune_a, facility_user):
    url = reverse("reports:facility_export", args=["xlsx"])
    client.force_login(officer(commune_a))
    assert client.get(url).status_code == 405
    client.force_login(facility_user)
    assert client.post(url).status_code == 404


def test_large_export_runs_in_the_background_with_progress_and_a_private_link(
    client, commune_a, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    for i in range(3):
        FacilityFactory(unit=commune_a, name=f"Cơ sở {i}")
    me = officer(commune_a)
    client.force_login(me)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:facility_export", args=["xlsx"]))
    job = ExportJob.objects.get()
    assert response.url == reverse("reports:export_job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "100%" in page and reverse("reports:export_download", args=[job.pk]) in page
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    rows = list(xlsx(download).active.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["Cơ sở 0", "Cơ sở 1", "Cơ sở 2"]
    client.force_login(UserFactory(role="local", unit=commune_a, username="dong.nghiep"))
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:export_job", args=[job.pk])).status_code == 404


def test_pending_job_page_polls_for_progress(client, commune_a):
    me = officer(commune_a)
    job = ExportJob.objects.create(user=me, fmt="csv", title="Quá hạn", total=10000, done=2500)
    client.force_login(me)
    html = client.get(reverse("reports:export_job", args=[job.pk])).content.decode()
    assert "25%" in html and 'hx-trigger="load delay:1s"' in html
    partial = client.get(reverse("reports:export_job", args=[job.pk]), headers={"hx-request": "true"})
    assert b"<html" not in partial.content and b"25%" in partial.content


def test_old_export_files_are_deleted(commune_a, settings):
    from datetime import timedelta

    from django.core.files.base import ContentFile

    from reports.export_jobs import export_jobs_purge

    settings.EXPORT_KEEP_HOURS = 24
    me = officer(commune_a)
    old = ExportJob.objects.create(user=me, fmt="csv", status="done")
    old.file.save("cu.csv", ContentFile(b"x"))
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    fresh = ExportJob.objects.create(user=me, fmt="csv", status="done")
    storage, name = old.file.storage, old.file.name
    assert export_jobs_purge() == 1
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not storage.exists(name)


def test_exports_carry_the_first_login_and_the_stage_and_follow_the_stage_filter(
    client, commune_a, commune_b, settings, django_capture_on_commit_callbacks
):
    from accounts.choices import FunnelStage
    from tests.factories.funnel import facility_at_stage

    waiting = facility_at_stage(FunnelStage.NO_OWN_PASSWORD, unit=commune_a, name="Công ty Chưa Đổi")
    facility_at_stage(FunnelStage.SIGNED, unit=commune_a, name="Công ty Đã Ký")
    facility_at_stage(FunnelStage.NO_OWN_PASSWORD, unit=commune_b, name="Công ty Xã Khác")
    login_column = HEADERS.index("Ngày đăng nhập đầu tiên")
    stage_column = HEADERS.index("Giai đoạn khởi động")
    client.force_login(officer(commune_a))
    url = reverse("reports:facility_export", args=["xlsx"]) + "?stage=no_password"
    rows = list(xlsx(client.post(url)).active.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["Công ty Chưa Đổi"]
    assert rows[0][login_column].date() == timezone.localtime(waiting.first_login_at).date()
    assert rows[0][stage_column] == "Đã đăng nhập, chưa đổi mật khẩu"
    # The background export builds the same rows from the same filter.
    settings.EXPORT_SYNC_MAX_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = ExportJob.objects.get()
    assert response.url == reverse("reports:export_job", args=[job.pk])
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    rows = list(xlsx(download).active.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[stage_column]) for r in rows] == [
        ("Công ty Chưa Đổi", "Đã đăng nhập, chưa đổi mật khẩu")
    ]
    assert rows[0][login_column] is not None
