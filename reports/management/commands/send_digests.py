from django.core.management.base import BaseCommand

from reports.digests import digests_send


class Command(BaseCommand):
    help = "Gửi email tổng hợp hằng ngày các cảnh báo đang mở cho cán bộ."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã gửi {digests_send()} email tổng hợp.")
