from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import FacilityType

from .models import AnswerOption, Folder, Item, Section, Template, TemplateVersion
from .services import version_new_draft, version_publish
from .transfer import TransferError, dumps, export_template, import_template, loads


def _published(obj) -> bool:
    """Whether ``obj`` (a version, section or item) belongs to a published version."""
    if obj is None:
        return False
    if isinstance(obj, Item):
        obj = obj.section
    if isinstance(obj, Section):
        obj = obj.version
    return obj.is_published


class FrozenAdminMixin:
    """Published versions (and their sections, items, options) are shown read-only."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _published(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _published(obj)


class FrozenInlineMixin(FrozenAdminMixin):
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _published(obj)


@admin.register(Folder)
class FolderAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    prepopulated_fields = {"slug": ("name",)}


class TemplateForm(forms.ModelForm):
    facility_types = forms.MultipleChoiceField(
        label=_("Áp dụng cho loại hình"),
        choices=FacilityType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Template
        fields = [
            "folder",
            "name",
            "slug",
            "description",
            "facility_types",
            "for_dormitory",
            "required",
            "order",
        ]
        fields += ["is_active"]


class VersionInline(admin.TabularInline):
    model = TemplateVersion
    fields = ("number", "status", "scoring", "published_at", "note")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp JSON bộ câu hỏi"))
    publish = forms.BooleanField(label=_("Công bố ngay"), required=False, initial=True)


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    form = TemplateForm
    list_display = ("name", "folder", "slug", "for_dormitory", "required", "is_active", "order")
    list_filter = ("folder", "is_active")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [VersionInline]
    actions = ["new_draft", "export_json"]
    change_list_template = "admin/checklists/template/change_list.html"

    def get_urls(self):
        return [
            path("nhap/", self.admin_site.admin_view(self.import_view), name="checklists_template_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                version, created = import_template(
                    loads(form.cleaned_data["file"].read()), publish=form.cleaned_data["publish"]
                )
            except (TransferError, ValidationError) as e:
                form.add_error("file", e.messages if isinstance(e, ValidationError) else str(e))
            else:
                if created:
                    self.message_user(
                        request,
                        _("Đã nhập “%(name)s”, phiên bản %(n)d.")
                        % {"name": version.template.name, "n": version.number},
                        messages.SUCCESS,
                    )
                else:
                    self.message_user(
                        request,
                        _("“%s” không thay đổi: nội dung giống phiên bản mới nhất.") % version.template.name,
                        messages.INFO,
                    )
                return redirect("admin:checklists_template_change", version.template_id)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("Nhập bộ câu hỏi từ tệp JSON"),
        }
        return render(request, "admin/checklists/template/import.html", context)

    @admin.action(description=_("Tạo phiên bản nháp mới để sửa"))
    def new_draft(self, request, queryset):
        for template in queryset:
            draft = version_new_draft(template=template)
            url = reverse("admin:checklists_templateversion_change", args=[draft.pk])
            self.message_user(
                request,
                _("%(name)s: bản nháp v%(n)d — sửa tại %(url)s")
                % {"name": template.name, "n": draft.number, "url": url},
                messages.SUCCESS,
            )

    @admin.action(description=_("Xuất ra tệp JSON (một bộ)"))
    def export_json(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Hãy chọn đúng một bộ câu hỏi để xuất."), messages.ERROR)
            return None
        template = queryset.select_related("folder").get()
        try:
            text = dumps(export_template(template))
        except TransferError as e:
            self.message_user(request, str(e), messages.ERROR)
            return None
        response = HttpResponse(text, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{template.slug}.json"'
        return response


class SectionInline(FrozenInlineMixin, admin.TabularInline):
    model = Section
    fields = ("order", "title")
    extra = 0
    show_change_link = True


@admin.register(TemplateVersion)
class TemplateVersionAdmin(FrozenAdminMixin, admin.ModelAdmin):
    list_display = ("template", "number", "status", "scoring", "published_at")
    list_filter = ("status", "scoring", "template")
    readonly_fields = ("status", "published_at", "created_at")
    inlines = [SectionInline]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return (*self.readonly_fields, "template", "number")
        return self.readonly_fields

    @admin.action(description=_("Công bố phiên bản đã chọn"))
    def publish(self, request, queryset):
        for version in queryset.select_related("template"):
            try:
                version_publish(version=version)
            except ValidationError as e:
                self.message_user(request, f"{version}: " + " ".join(e.messages), messages.ERROR)
            else:
                self.message_user(request, _("Đã công bố %s.") % version, messages.SUCCESS)


class ItemInline(FrozenInlineMixin, admin.TabularInline):
    model = Item
    fields = ("order", "code", "text", "weight", "critical", "photo_required")
    extra = 0
    show_change_link = True


@admin.register(Section)
class SectionAdmin(FrozenAdminMixin, admin.ModelAdmin):
    list_display = ("title", "version", "order")
    list_filter = ("version__template",)
    inlines = [ItemInline]


class OptionInline(FrozenInlineMixin, admin.TabularInline):
    model = AnswerOption
    fields = ("order", "text", "points", "is_critical")
    extra = 0


@admin.register(Item)
class ItemAdmin(FrozenAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "section", "weight", "critical", "photo_required")
    list_filter = ("section__version__template", "critical", "photo_required")
    search_fields = ("text", "code")
    inlines = [OptionInline]
