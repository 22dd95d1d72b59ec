from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts import demo as accounts_demo
from accounts.models import AdminUnit
from assessments import demo as assessments_demo
from checklists import demo as checklists_demo
from reports import demo as reports_demo

# Each app's demo content, in the order the apps import each other. The command lives in
# reports, the top layer, because it is the one app allowed to import all four.
SEEDERS = [accounts_demo, checklists_demo, assessments_demo, reports_demo]


class Command(BaseCommand):
    help = "Tạo dữ liệu minh họa (tỉnh Điện Biên) và in các tài khoản đăng nhập thử."

    def handle(self, *args, **options):
        if not AdminUnit.objects.filter(source=AdminUnit.SOURCE_CURRENT).exists():
            call_command("load_units", stdout=self.stdout)
        logins = []
        for module in SEEDERS:
            logins += module.seed() or []
        self.stdout.write(self.style.SUCCESS("Dữ liệu minh họa đã sẵn sàng. Tài khoản đăng nhập thử:"))
        width = max(len(u) for u, _, _ in logins)
        for username, password, note in logins:
            self.stdout.write(f"  {username.ljust(width)}  {password}   {note}")
