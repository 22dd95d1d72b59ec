from django.core.management.base import BaseCommand

from reports.reminders import reminders_send


class Command(BaseCommand):
    help = "Nhắc các cơ sở sắp đến hạn hoặc đã quá hạn tự đánh giá (qua email)."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã gửi {reminders_send()} email nhắc hạn.")
