from django.core.management.base import BaseCommand, CommandError

from checklists.models import Template
from checklists.transfer import TransferError, dumps, export_template


class Command(BaseCommand):
    help = "Xuất một bộ câu hỏi ra tệp JSON (phiên bản đã công bố mới nhất)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="mã bộ câu hỏi")
        parser.add_argument("-o", "--output", help="tệp JSON; bỏ trống để in ra màn hình")

    def handle(self, *args, slug, output, **options):
        template = Template.objects.filter(slug=slug).select_related("folder").first()
        if template is None:
            raise CommandError(f"Không có bộ câu hỏi mã “{slug}”.")
        try:
            text = dumps(export_template(template))
        except TransferError as e:
            raise CommandError(str(e)) from e
        if output:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text)
            self.stdout.write(self.style.SUCCESS(f"Đã xuất “{template.name}” ra {output}"))
        else:
            self.stdout.write(text, ending="")
