from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.importing.batches import job_letter_batches, letters_take
from accounts.importing.letters import write_private
from accounts.importing.reader import FileError
from accounts.importing.report import preview_report
from accounts.importing.run import import_job_run
from accounts.importing.service import cli_origin, import_job_confirm, import_job_create, import_preview
from accounts.models import ImportJob


class Command(BaseCommand):
    help = "Nhập tài khoản cơ sở từ tệp XLSX hoặc CSV (như trang Nhập tài khoản của quản trị)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra và in báo cáo, không ghi gì."
        )
        parser.add_argument(
            "--letters",
            type=Path,
            help="Ghi thư cấp tài khoản (ZIP) vào tệp này; nếu bỏ trống, tải thư ở trang quản trị.",
        )

    def handle(self, *args, file: Path, dry_run: bool, letters: Path | None, **options):
        try:
            raw = file.read_bytes()
        except OSError as e:
            raise CommandError(f"Không đọc được tệp {file}: {e.strerror}") from e
        try:
            if dry_run:
                with transaction.atomic():
                    preview = import_preview(raw=raw, file_name=file.name)
                    transaction.set_rollback(True)
                self.stdout.write(preview_report(preview))
                self.stdout.write("Chạy thử (--dry-run): không ghi gì.")
                return
            job, preview = import_job_create(raw=raw, file_name=file.name, origin=cli_origin())
        except FileError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(preview_report(preview))
        if not import_job_confirm(job=job, queue=False):
            ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CANCELLED)
            raise CommandError("Tệp có lỗi chặn việc nhập (xem trên): chưa ghi gì. Sửa tệp rồi chạy lại.")
        job = import_job_run(job_id=job.pk)
        self.stdout.write(
            f"Lượt nhập #{job.pk}: tạo mới {job.created_count}, cập nhật {job.updated_count}, "
            f"từ chối {job.rejected_count}."
        )
        state = job_letter_batches(job)
        for batch in state["office_batches"]:
            self.stdout.write(
                f"Thư của {batch.size} cơ sở: {batch.holder_label()} tự tải ở trang Thư tài khoản."
            )
        if letters and state["admins_can_download"]:
            taken = letters_take(job=job)
            if taken is not None:
                content, count = taken
                write_private(letters, content)
                self.stdout.write(
                    f"Đã ghi thư cấp {count} tài khoản vào {letters} "
                    "(mật khẩu ban đầu đã được xóa khỏi hệ thống)."
                )
        elif state["admins_can_download"]:
            self.stdout.write(f"Tải thư cấp tài khoản (một lần) ở trang quản trị: lượt nhập #{job.pk}.")
