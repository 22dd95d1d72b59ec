from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Bản đồ và báo cáo")

    def ready(self):
        from accounts.signals import import_done
        from assessments.signals import assessment_signed

        from .tasks import queue_scan_after_signing, queue_supplementary_notice

        assessment_signed.connect(queue_scan_after_signing, dispatch_uid="reports.queue_scan_after_signing")
        import_done.connect(queue_supplementary_notice, dispatch_uid="reports.queue_supplementary_notice")
