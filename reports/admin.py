from django.contrib import admin

from .models import Flag


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["facility", "kind", "opened_at", "closed_at"]
    list_filter = ["kind", ("closed_at", admin.EmptyFieldListFilter)]
    search_fields = ["facility__name_folded", "facility__tax_code"]
    raw_id_fields = ["facility"]
    readonly_fields = ["facility", "kind", "opened_at", "closed_at", "created_at"]
    date_hierarchy = "opened_at"
