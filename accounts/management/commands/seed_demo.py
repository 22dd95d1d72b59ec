from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.models import AdminUnit

# Each app that has demo content provides ``<app>.demo.seed()``; they run in this order.
SEEDERS = ["accounts.demo", "checklists.demo", "assessments.demo", "reports.demo"]


class Command(BaseCommand):
    help = "Tạo dữ liệu minh họa (tỉnh Điện Biên) và in các tài khoản đăng nhập thử."

    def handle(self, *args, **options):
        if not AdminUnit.objects.filter(source=AdminUnit.SOURCE_CURRENT).exists():
            call_command("load_units", stdout=self.stdout)
        logins = []
        for name in SEEDERS:
            try:
                module = import_module(name)
            except ModuleNotFoundError as e:
                if e.name != name:
                    raise
                continue
            logins += module.seed() or []
        self.stdout.write(self.style.SUCCESS("Dữ liệu minh họa đã sẵn sàng. Tài khoản đăng nhập thử:"))
        width = max(len(u) for u, _, _ in logins)
        for username, password, note in logins:
            self.stdout.write(f"  {username.ljust(width)}  {password}   {note}")
