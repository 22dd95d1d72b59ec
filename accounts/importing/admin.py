from django.contrib import admin

from ..models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """The audit trail of imports: who imported which file, when, with what result. Imports are
    made on the import page (linked from this list), never edited here."""

    change_list_template = "admin/accounts/importjob/change_list.html"
    list_display = (
        "created_at",
        "file_name",
        "created_by",
        "origin",
        "status",
        "total_rows",
        "created_count",
        "updated_count",
        "rejected_count",
        "letters_downloaded_at",
    )
    list_filter = ("status",)
    search_fields = ("file_name", "file_sha256", "created_by__username")
    exclude = ("layout", "blocking_errors", "run_started_at", "run_rows_start")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
