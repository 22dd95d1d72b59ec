from django.core.management.base import BaseCommand

from reports.flags import flags_scan


class Command(BaseCommand):
    help = "Mở và đóng cảnh báo (quá hạn, không an toàn, chưa từng đánh giá), báo cho cán bộ."

    def handle(self, *args, **options):
        result = flags_scan()
        self.stdout.write(
            f"Đã mở {result.opened} cảnh báo, đóng {result.closed} cảnh báo, gửi {result.notified} thông báo."
        )
