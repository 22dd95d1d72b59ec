from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Bản đồ và báo cáo")

    def ready(self):
        from accounts.signals import import_done
        from assessments.signals import assessment_signed, corrective_request_answered
        from checklists.signals import template_required_changed

        from .corrective import on_request_answered
        from .tasks import queue_relink_reports, queue_scan_after_signing, queue_supplementary_notice

        assessment_signed.connect(queue_scan_after_signing, dispatch_uid="reports.queue_scan_after_signing")
        import_done.connect(queue_supplementary_notice, dispatch_uid="reports.queue_supplementary_notice")
        corrective_request_answered.connect(on_request_answered, dispatch_uid="reports.on_request_answered")
        template_required_changed.connect(queue_relink_reports, dispatch_uid="reports.queue_relink_reports")
