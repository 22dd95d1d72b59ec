"""manage.py import_accounts FILE [--dry-run] [--letters OUT.zip]"""

import os
import stat
import zipfile

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Facility, ImportJob, User
from tests.factories import imports as files


def write(tmp_path, raw, name="ds.xlsx"):
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def test_dry_run_prints_the_preview_and_writes_nothing(tmp_path, capsys, province, commune_a, commune_b):
    call_command("import_accounts", write(tmp_path, files.errors_file()), "--dry-run")
    out = capsys.readouterr().out
    assert "C «Ma so thue» → Mã số thuế" in out
    assert "Dòng 3, cột D (Xa/Phuong): Không tìm thấy xã/phường «Xã Không Có»" in out
    assert "không ghi gì" in out
    assert not Facility.objects.exists() and not ImportJob.objects.exists()


def test_import_without_prompting_and_write_the_letters(tmp_path, capsys, commune_a, commune_b):
    letters = tmp_path / "thu.zip"
    call_command("import_accounts", write(tmp_path, files.province_file()), "--letters", str(letters))
    out = capsys.readouterr().out
    assert "tạo mới 3, cập nhật 0, từ chối 0" in out
    assert "tat-ca-tai-khoan.xlsx" in zipfile.ZipFile(letters).namelist()
    job = ImportJob.objects.get()
    assert job.origin.startswith("cli:") and job.secrets_wiped_at is not None


def test_the_command_writes_only_the_letters_no_office_holds(tmp_path, capsys, db):
    from tests.factories.letters import rollout_country, rollout_file

    rollout_country()
    letters = tmp_path / "thu.zip"
    call_command("import_accounts", write(tmp_path, rollout_file(), "ds.csv"), "--letters", str(letters))
    out = capsys.readouterr().out
    assert "Thư của 2 cơ sở: Phòng Kinh tế phường Mường Thanh tự tải ở trang Thư tài khoản." in out
    assert "Đã ghi thư cấp 1 tài khoản" in out
    assert list(zipfile.ZipFile(letters).namelist()) == [
        "03151-xa-muong-phang/danh-sach-tai-khoan.xlsx",
        "03151-xa-muong-phang/thu-cap-tai-khoan.html",
        "03151-xa-muong-phang/thong-bao-tai-khoan.docx",
        "03151-xa-muong-phang/thong-bao-tai-khoan.pdf",
        "tat-ca-tai-khoan.xlsx",
    ]


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "Tệp rỗng"),
        (files.zip_bomb(), "bom nén"),
        (files.duplicate_usernames_xlsx(), "lỗi chặn"),
    ],
)
def test_bad_files_fail_with_a_vietnamese_error_and_write_nothing(
    tmp_path, commune_a, commune_b, raw, message
):  # noqa: E501
    with pytest.raises(CommandError, match=message):
        call_command("import_accounts", write(tmp_path, raw))
    assert not Facility.objects.exists() and not User.objects.exists()


@pytest.mark.parametrize("exists", [False, True])
def test_the_letters_file_is_readable_by_its_owner_only(tmp_path, commune_a, commune_b, exists):
    letters = tmp_path / "thu.zip"
    if exists:
        letters.write_bytes(b"old")
        letters.chmod(0o644)
    old_umask = os.umask(0o022)
    try:
        call_command("import_accounts", write(tmp_path, files.province_file()), "--letters", str(letters))
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(letters.stat().st_mode) == 0o600
    assert "tat-ca-tai-khoan.xlsx" in zipfile.ZipFile(letters).namelist()
