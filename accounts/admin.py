from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from .forms import SectorsField
from .models import AdminUnit, Facility, Office, User, Zone


class ResetPasswordForm(AdminPasswordChangeForm):
    """A password set by an admin is a temporary one: the user must change it at next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)


class UserForm(forms.ModelForm):
    sectors = SectorsField(label=_("Phạm vi: lĩnh vực"))

    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserForm
    change_password_form = ResetPasswordForm
    list_display = (
        "username",
        "get_full_name",
        "role",
        "unit",
        "must_change_password",
        "is_active",
        "last_login",
    )
    list_filter = ("role", "must_change_password", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("unit", "office")
    filter_horizontal = ("zones", "groups", "user_permissions")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("SafeMap: vai trò và phạm vi"),
            {
                "fields": (
                    "role",
                    "unit",
                    "sectors",
                    "zones",
                    "office",
                    "phone",
                    "must_change_password",
                    "email_digest",
                )
            },
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("SafeMap: vai trò và phạm vi"), {"fields": ("role", "unit", "must_change_password")}),
    )


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "source")
    list_filter = ("source", "kind")
    search_fields = ("name", "name_folded", "code")
    autocomplete_fields = ("parent",)


class OfficeForm(forms.ModelForm):
    sectors = SectorsField(label=_("Lĩnh vực phụ trách"))

    class Meta:
        model = Office
        fields = "__all__"


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    form = OfficeForm
    list_display = ("name", "kind", "unit", "phone", "contact_name", "contact_mobile")
    list_filter = ("kind",)
    search_fields = ("name", "contact_name")
    autocomplete_fields = ("unit",)


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "unit")
    list_filter = ("kind",)
    search_fields = ("name",)
    autocomplete_fields = ("unit",)


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ("name", "tax_code", "unit", "sector", "facility_type", "level", "due_at", "is_active")
    list_filter = ("level", "sector", "facility_type", "is_active")
    search_fields = ("name", "name_folded", "tax_code", "user__username")
    autocomplete_fields = ("unit", "zone", "user")
    readonly_fields = ("level", "last_signed_at", "due_at", "created_at", "updated_at")
    list_select_related = ("unit",)


from .importing import admin as _import_admin  # noqa: E402, F401  (audit list of account imports)
