from django.core.management.base import BaseCommand, CommandError

from accounts.units import UnitFileError, load_current_units, load_gso_units


class Command(BaseCommand):
    help = "Nạp danh mục đơn vị hành chính (hiện hành, hoặc danh mục cũ của Tổng cục Thống kê với --gso)."

    def add_arguments(self, parser):
        parser.add_argument("--gso", metavar="FILE", help="Tệp XLSX/CSV xuất từ danh mục hành chính của TCTK")

    def handle(self, *args, **options):
        try:
            result = load_gso_units(options["gso"]) if options["gso"] else load_current_units()
        except (UnitFileError, OSError) as e:
            raise CommandError(str(e)) from e
        summary = ", ".join(f"{k}: {v}" for k, v in result.items())
        self.stdout.write(self.style.SUCCESS(f"Đã nạp đơn vị hành chính ({summary})."))
