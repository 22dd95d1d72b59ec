from django import forms
from django.contrib import admin
from django.contrib.admin.utils import display_for_field
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .activity import activity_record, field_changes
from .forms import SectorsField
from .models import Action, Activity, AdminUnit, Facility, Office, User, Zone

PERMISSION_ACTIONS = {
    "add": pgettext_lazy("permission", "Thêm"),
    "change": pgettext_lazy("permission", "Sửa"),
    "delete": pgettext_lazy("permission", "Xóa"),
    "view": pgettext_lazy("permission", "Xem"),
}


def permission_label(permission) -> str:
    """Django stores permission names in English when it migrates ("Can add …"); the label is
    made from the translated model name instead."""
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if (
        model is None
        or permission.codename != f"{action}_{model._meta.model_name}"
        or action not in PERMISSION_ACTIONS
    ):
        return str(permission)
    return f"{model._meta.app_config.verbose_name} | {PERMISSION_ACTIONS[action]} {model._meta.verbose_name}"


class VietnamesePermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


def form_changes(form, obj) -> dict:
    """The Nhật ký's old → new values of what an admin form changed (Django's admin wraps
    save_model and the log in one transaction). Many-to-many fields read as names."""
    changes, plain = {}, []
    concrete = {f.name: f for f in obj._meta.get_fields() if f.concrete or f.many_to_many}
    for name in form.changed_data:
        field = concrete.get(name)
        if field is None:  # a form-only field (the user form's passwords)
            continue
        if field.many_to_many:
            old = ", ".join(sorted(str(o) for o in form.initial.get(name) or []))
            new = ", ".join(sorted(str(o) for o in form.cleaned_data.get(name) or []))
            changes[str(field.verbose_name)] = [old, new]
        elif field.concrete and name != "password":
            plain.append(name)
    return field_changes(obj, form.initial, plain) | changes


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(VietnamesePermissionsMixin, BaseGroupAdmin):
    pass


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
class UserAdmin(VietnamesePermissionsMixin, BaseUserAdmin):
    form = UserForm
    change_password_form = ResetPasswordForm
    list_display = (
        "username",
        "full_name",
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

    @admin.display(description=_("họ tên"))
    def full_name(self, user):
        return user.get_full_name()

    def save_related(self, request, form, formsets, change):
        # After the many-to-many fields are saved, so the zones read as they now are.
        super().save_related(request, form, formsets, change)
        with translation.override("vi"):
            if change and (changes := form_changes(form, form.instance)):
                user = form.instance
                activity_record(
                    actor=request.user,
                    action=Action.USER_EDITED,
                    facility=getattr(user, "facility", None),
                    target=user,
                    summary=gettext("Sửa tài khoản %(username)s (trang quản trị)")
                    % {"username": user.username},
                    changes=changes,
                )

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                with translation.override("vi"):
                    activity_record(
                        actor=request.user,
                        action=Action.PASSWORD_REISSUED,
                        facility=getattr(user, "facility", None),
                        target=user,
                        summary=gettext("Đặt lại mật khẩu cho %(username)s (trang quản trị)")
                        % {"username": user.username},
                    )
        return response


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
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "kind",
                    "unit",
                    "sectors",
                    "phone",
                    "contact_name",
                    "contact_mobile",
                    "email",
                ]
            },
        ),
        (
            _("Tiêu đề và chữ ký văn bản"),
            {
                "fields": [
                    "parent_name",
                    "issuer_name",
                    "issuer_code",
                    "code",
                    "place_name",
                    "signer_capacity",
                    "signer_name",
                ],
                "description": _(
                    "In trên Đề xuất tạm dừng, Thông báo tài khoản, Biên bản kiểm tra, Yêu cầu khắc phục. "
                    "Phòng thuộc Sở để trống thì dùng thông tin của Sở."
                ),
            },
        ),
    ]
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
    readonly_fields = ("level", "last_signed_at", "due_at", "created", "updated")
    list_select_related = ("unit",)

    # The model's timestamps have no Vietnamese names (a migration each); the admin names them.
    @admin.display(description=_("tạo lúc"))
    def created(self, facility):
        return self._timestamp(facility, "created_at")

    @admin.display(description=_("cập nhật lúc"))
    def updated(self, facility):
        return self._timestamp(facility, "updated_at")

    def _timestamp(self, facility, name):
        field = Facility._meta.get_field(name)
        return display_for_field(getattr(facility, name), field, self.get_empty_value_display())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        with translation.override("vi"):
            if change and (changes := form_changes(form, obj)):
                activity_record(
                    actor=request.user,
                    action=Action.FACILITY_EDITED,
                    facility=obj,
                    target=obj,
                    summary=gettext("Sửa thông tin cơ sở (trang quản trị)"),
                    changes=changes,
                )

    def delete_model(self, request, obj):
        self._record_deleted(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._record_deleted(request, list(queryset))
        super().delete_queryset(request, queryset)

    def _record_deleted(self, request, facilities):
        # Only a facility with no history can be deleted (the log PROTECTs the others, and the
        # admin lists what blocks it); its line names it, since it will be gone.
        with translation.override("vi"):
            for f in facilities:
                activity_record(
                    actor=request.user,
                    action=Action.FACILITY_DELETED,
                    target=f,
                    summary=gettext("Xóa cơ sở %(name)s (MST %(tax)s, %(unit)s) (trang quản trị)")
                    % {"name": f.name, "tax": f.tax_code or "—", "unit": f.unit},
                )


from .importing import admin as _import_admin  # noqa: E402, F401  (audit list of account imports)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """The Nhật ký, readable and searchable, never editable: no add, change or delete, for
    superusers too (the model and a database trigger refuse as well)."""

    list_display = ["at", "actor", "action", "facility", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "facility__name", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor", "facility"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
