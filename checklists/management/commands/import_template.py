from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from checklists.transfer import TransferError, import_template, loads


class Command(BaseCommand):
    help = "Nhập bộ câu hỏi từ tệp JSON. Nội dung giống hệt thì không đổi; khác thì tạo phiên bản mới."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="tệp JSON")
        parser.add_argument("--draft", action="store_true", help="để ở dạng bản nháp, chưa công bố")

    def handle(self, *args, files, draft, **options):
        for name in files:
            try:
                version, created = import_template(loads(Path(name).read_bytes()), publish=not draft)
            except (OSError, TransferError) as e:
                raise CommandError(f"{name}: {e}") from e
            what = "phiên bản mới" if created else "không thay đổi"
            self.stdout.write(f"{name}: {version.template.name} v{version.number} ({what})")
