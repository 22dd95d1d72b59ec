"""Thông báo tài khoản: each office's letters ZIP carries, per commune, the letter with the list
as Phụ lục and one slip per facility, as DOCX and PDF; large batches build in the background."""

import io
import zipfile

import pytest
from django.urls import reverse

from accounts.models import ImportLetterBatch
from reports.models import ExportJob
from tests.factories.letters import imported, rollout_country, rollout_file
from tests.reports.conftest import needs_postgres

from .helpers import assert_docx_format, assert_pdf_format, docx_of, docx_text, header_cells, pdf_of, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    c = rollout_country()
    c.office_b.parent_name = "UBND PHƯỜNG MƯỜNG THANH"
    c.office_b.issuer_name = "PHÒNG KINH TẾ"
    c.office_b.issuer_code = "KT"
    c.office_b.place_name = "Điện Biên Phủ"
    c.office_b.signer_capacity = "TRƯỞNG PHÒNG"
    c.office_b.signer_name = "Quàng Thị Hoa"
    c.office_b.save()
    return c


@pytest.fixture
def job(country):
    return imported(rollout_file(), country.admin)


def take(client, user, batch):
    client.force_login(user)
    response = client.post(reverse("letter_batch_download", args=[batch.pk]))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_wards_zip_holds_the_notice_as_word_and_pdf_with_the_list_and_a_slip_per_facility(
    client, country, job
):
    batch = job.letter_batches.current().get(unit=country.ward_b)
    archive = take(client, country.local_b, batch)
    folder = "03128-phuong-muong-thanh"
    doc = docx_of(archive.read(f"{folder}/thong-bao-tai-khoan.docx"))
    assert_docx_format(doc)
    left, _right, number, place = header_cells(doc)
    assert left.startswith("UBND PHƯỜNG MƯỜNG THANH\nPHÒNG KINH TẾ")
    assert number.startswith("Số:        /KT")
    assert place.startswith("Điện Biên Phủ, ngày      tháng")
    text = docx_text(doc)
    assert "Kính gửi: Các cơ sở sản xuất, kinh doanh trên địa bàn Phường Mường Thanh" in text
    assert "TRƯỞNG PHÒNG" in text and "Quàng Thị Hoa" in text
    listing = doc.tables[2]  # after the header and the closing
    assert [c.text for c in listing.rows[0].cells] == [
        "STT",
        "Tên cơ sở",
        "Mã số thuế",
        "Địa chỉ",
        "Tên đăng nhập",
    ]
    names = sorted(r.cells[1].text for r in listing.rows[1:])
    assert names == ["Chợ Mường Thanh", "Siêu thị Mường Thanh"]
    slips = [p for p in doc.paragraphs if p.text == "PHIẾU THÔNG TIN TÀI KHOẢN"]
    assert len(slips) == 2
    assert "Kiểm tra → TEMPLATES → Chống dịch Covid19" in text
    # The secrets are in the slips (never in the list) and match the logins' spreadsheet.
    secrets = [t.rows[3].cells[1].text for t in doc.tables[3:]]
    assert len(secrets) == 2 and all(len(s) >= 8 for s in secrets)
    assert not any(s in " ".join(c.text for r in listing.rows for c in r.cells) for s in secrets)
    reader = pdf_of(archive.read(f"{folder}/thong-bao-tai-khoan.pdf"))
    assert_pdf_format(reader)
    assert len(reader.pages) == 4  # letter, Phụ lục, two slips
    assert (
        "Siêu thị Mường Thanh" in reader.pages[3].extract_text()
        or "Siêu thị Mường Thanh" in reader.pages[2].extract_text()
    )
    assert all(s.replace("-", "") in pdf_text(reader).replace("-", "") for s in secrets)


def test_an_office_without_a_letterhead_issues_under_its_provinces_so(client, country, job):
    from tests.factories import OfficeFactory

    OfficeFactory(
        unit=country.province,
        kind="department",
        name="Sở Công Thương tỉnh Điện Biên",
        parent_name="UBND TỈNH ĐIỆN BIÊN",
        issuer_name="SỞ CÔNG THƯƠNG",
        issuer_code="SCT",
    )
    batch = job.letter_batches.current().get(unit__isnull=True, zone__isnull=True)
    archive = take(client, country.admin, batch)
    doc = docx_of(archive.read("03151-xa-muong-phang/thong-bao-tai-khoan.docx"))
    assert header_cells(doc)[0].startswith("UBND TỈNH ĐIỆN BIÊN\nSỞ CÔNG THƯƠNG")


def test_a_large_batch_is_built_in_the_background_and_downloads_once(
    client, country, job, settings, django_capture_on_commit_callbacks
):
    settings.LETTERS_SYNC_MAX_ACCOUNTS = 1
    batch = job.letter_batches.current().get(unit=country.ward_b)
    client.force_login(country.local_b)
    page = client.get(reverse("letter_batch_list")).content.decode()
    assert reverse("reports:letter_batch_build", args=[batch.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:letter_batch_build", args=[batch.pk]))
    export = ExportJob.objects.get(kind="letters")
    assert response.url == reverse("reports:export_job", args=[export.pk])
    export.refresh_from_db()
    assert export.status == "done" and export.done == export.total == 2
    progress = client.get(reverse("reports:export_job", args=[export.pk])).content.decode()
    assert "100%" in progress and "Tải tệp về (ZIP)" in progress
    got = client.get(reverse("reports:export_download", args=[export.pk]))
    names = zipfile.ZipFile(io.BytesIO(got.content)).namelist()
    assert "03128-phuong-muong-thanh/thong-bao-tai-khoan.pdf" in names
    assert "no-store" in got["Cache-Control"]
    assert client.get(reverse("reports:export_download", args=[export.pk])).status_code == 404
    assert ImportLetterBatch.objects.get(pk=batch.pk).downloaded_at is not None


def test_another_office_cannot_build_a_batch_it_does_not_hold(client, country, job):
    batch = job.letter_batches.current().get(unit=country.ward_b)
    client.force_login(country.local_a)
    assert client.post(reverse("reports:letter_batch_build", args=[batch.pk])).status_code == 404
    assert not ExportJob.objects.exists()


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_moves_while_the_letters_are_built_inside_their_transaction():
    from django.db import connections, transaction

    from reports.document_jobs import SideProgress
    from tests.factories import UserFactory

    job = ExportJob.objects.create(user=UserFactory(), kind="letters", fmt="zip", total=10)
    progress = SideProgress(job.pk)
    page = connections.create_connection("default")  # the polling page's own connection
    try:
        with transaction.atomic():  # as in letter_batch_take
            progress(4)
            with page.cursor() as cursor:
                cursor.execute("SELECT done FROM reports_exportjob WHERE id = %s", [job.pk])
                seen = cursor.fetchone()[0]
    finally:
        progress.close()
        page.close()
    assert seen == 4


def test_the_import_page_builds_the_admins_large_batch_in_the_background(client, country, job, settings):
    settings.LETTERS_SYNC_MAX_ACCOUNTS = 0
    batch = job.letter_batches.current().get(unit__isnull=True, zone__isnull=True)
    client.force_login(country.admin)
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert f'action="{reverse("reports:letter_batch_build", args=[batch.pk])}"' in page
    settings.LETTERS_SYNC_MAX_ACCOUNTS = 300
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert f'action="{reverse("import_letters", args=[job.pk])}"' in page
