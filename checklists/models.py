"""Checklist templates. A template has numbered versions; a published version never changes
(every assessment points at the exact version it was made with), so editing a template means
making a new draft version and publishing it."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import FacilityType

from .scoring import Kind, Result, compute, validate_rules
from .signals import template_required_changed


class PublishedVersionError(ValidationError):
    """Raised when something tries to change a published version."""


class Folder(models.Model):
    """A group of templates, shown after TEMPLATES ("Chống dịch Covid19" is the first)."""

    name = models.CharField(_("tên"), max_length=120)
    slug = models.SlugField(_("mã"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thư mục bộ câu hỏi")
        verbose_name_plural = _("thư mục bộ câu hỏi")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class TemplateQuerySet(models.QuerySet):
    def with_published(self):
        return self.filter(is_active=True, versions__status=TemplateVersion.Status.PUBLISHED).distinct()


class Template(models.Model):
    folder = models.ForeignKey(Folder, models.PROTECT, related_name="templates", verbose_name=_("thư mục"))
    name = models.CharField(_("tên"), max_length=200)
    slug = models.SlugField(
        _("mã"), max_length=60, unique=True, help_text=_("Dùng để xuất, nhập và so khớp giữa các tỉnh.")
    )
    description = models.TextField(_("mô tả"), blank=True)
    facility_types = models.JSONField(
        _("áp dụng cho loại hình"),
        default=list,
        blank=True,
        help_text=_("Các loại hình cơ sở thấy bộ câu hỏi này."),
    )
    for_dormitory = models.BooleanField(
        _("áp dụng cho cơ sở có ký túc xá"),
        default=False,
        help_text=_("Mọi cơ sở có ký túc xá đều thấy bộ này."),
    )
    required = models.BooleanField(
        _("bắt buộc"),
        default=True,
        help_text=_(
            "Bộ bắt buộc quyết định màu trên bản đồ và hạn đánh giá của cơ sở; "
            "bộ tự chọn chỉ để cơ sở tự kiểm tra thêm."
        ),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    objects = TemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ câu hỏi")
        verbose_name_plural = _("bộ câu hỏi")
        ordering = ["folder__order", "order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        changed = (
            self.pk is not None
            and Template.objects.filter(pk=self.pk).exclude(required=self.required).exists()
        )
        super().save(*args, **kwargs)
        if changed:
            transaction.on_commit(
                lambda: template_required_changed.send(sender=Template, template_id=self.pk)
            )

    def clean(self):
        unknown = set(self.facility_types or []) - set(FacilityType.values)
        if unknown:
            raise ValidationError(
                {"facility_types": _("Loại hình không hợp lệ: %s") % ", ".join(sorted(unknown))}
            )

    def applies_to(self, facility) -> bool:
        return facility.facility_type in (self.facility_types or []) or (
            self.for_dormitory and facility.has_dormitory
        )

    def published_version(self) -> "TemplateVersion | None":
        return self.versions.filter(status=TemplateVersion.Status.PUBLISHED).order_by("-number").first()

    def next_number(self) -> int:
        return (self.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def templates_for(facility, folder=None):
    """Active templates with a published version that apply to the facility."""
    q = Template.objects.with_published().select_related("folder")
    if folder is not None:
        q = q.filter(folder=folder)
    return [t for t in q if t.applies_to(facility)]


class TemplateVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã công bố")

    template = models.ForeignKey(
        Template, models.CASCADE, related_name="versions", verbose_name=_("bộ câu hỏi")
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    scoring = models.CharField(_("cách tính kết quả"), max_length=10, choices=Kind.choices, default=Kind.TICK)
    rules = models.JSONField(
        _("ngưỡng xếp loại"),
        default=dict,
        blank=True,
        help_text=_(
            'Đánh dấu nếu đáp ứng: {"green_min": 80, "yellow_min": 50} (% trọng số). '
            'Chỉ số nguy cơ: {"bands": [{"upto": 15, "label": "…", "level": "green"}, …]}.'
        ),
    )
    note = models.TextField(_("ghi chú thay đổi"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now)
    published_at = models.DateTimeField(_("ngày công bố"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiên bản bộ câu hỏi")
        verbose_name_plural = _("phiên bản bộ câu hỏi")
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="version_number_unique")]

    def __str__(self):
        return f"{self.template.name} — v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.get("update_fields"):
            stored = TemplateVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.PUBLISHED:
                raise PublishedVersionError(_("Phiên bản đã công bố không thể sửa; hãy tạo phiên bản mới."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_published and self.assessments.exists():
            raise PublishedVersionError(_("Phiên bản đã có cơ sở đánh giá, không thể xóa."))
        return super().delete(*args, **kwargs)

    def clean(self):
        try:
            validate_rules(self.scoring, self.rules)
        except ValueError as e:
            raise ValidationError({"rules": str(e)}) from e

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def items_in_order(self):
        return (
            Item.objects.filter(section__version=self)
            .select_related("section")
            .order_by("section__order", "section_id", "order", "id")
        )

    def scoring_document(self) -> dict:
        """Everything ``score`` reads, as JSON: what the fill page's offline scoring
        (static/js/fill/scoring.js) is fed, so the rules stay data in one place. Item texts
        are on the page already and are not repeated here."""
        items = self.items_in_order().prefetch_related("options")
        return {
            "kind": self.scoring,
            "rules": self.rules,
            "items": [
                {
                    "id": item.id,
                    "weight": item.weight,
                    "critical": item.critical,
                    "photo_required": item.photo_required,
                    "options": [
                        {"id": o.id, "points": o.points, "critical": o.is_critical}
                        for o in item.options.all()
                    ],
                }
                for item in items
            ],
        }

    def score(self, answers) -> Result:
        """``answers``: {item_id: (met, option_id)} for the items answered."""
        items = list(self.items_in_order().prefetch_related("options"))
        return compute(self.scoring, self.rules, items, answers)


class FrozenWhenPublished(models.Model):
    """Sections, items and options of a published version are frozen."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_editable()
        return super().delete(*args, **kwargs)

    def owning_version_id(self) -> int:
        raise NotImplementedError

    def _check_editable(self):
        published = TemplateVersion.objects.filter(
            pk=self.owning_version_id(), status=TemplateVersion.Status.PUBLISHED
        ).exists()
        if published:
            raise PublishedVersionError(_("Phiên bản đã công bố không thể sửa; hãy tạo phiên bản mới."))


class Section(FrozenWhenPublished):
    version = models.ForeignKey(
        TemplateVersion, models.CASCADE, related_name="sections", verbose_name=_("phiên bản")
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phần")
        verbose_name_plural = _("phần")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return self.title

    def owning_version_id(self):
        return self.version_id


class Item(FrozenWhenPublished):
    section = models.ForeignKey(Section, models.CASCADE, related_name="items", verbose_name=_("phần"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("số hiệu"), max_length=12, blank=True)
    text = models.TextField(_("nội dung"))
    guidance = models.TextField(_("hướng dẫn"), blank=True)
    weight = models.PositiveSmallIntegerField(_("trọng số"), default=1)
    critical = models.BooleanField(
        _("bắt buộc"), default=False, help_text=_("Không đáp ứng nội dung này thì kết quả là Không an toàn.")
    )
    photo_required = models.BooleanField(_("bắt buộc có ảnh"), default=False)

    class Meta:
        verbose_name = _("nội dung đánh giá")
        verbose_name_plural = _("nội dung đánh giá")
        ordering = ["section", "order", "id"]

    def __str__(self):
        return f"{self.code} {self.text}".strip()

    def owning_version_id(self):
        return Section.objects.filter(pk=self.section_id).values_list("version_id", flat=True).first()

    @property
    def label(self) -> str:
        """How the item is named in messages: its number, or the start of its text."""
        if self.code:
            return str(self.code)
        return self.text if len(self.text) <= 60 else self.text[:57] + "…"


class AnswerOption(FrozenWhenPublished):
    """One answer of a risk-index criterion, with its points (more points, more risk)."""

    item = models.ForeignKey(Item, models.CASCADE, related_name="options", verbose_name=_("nội dung"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("câu trả lời"), max_length=300)
    points = models.PositiveSmallIntegerField(_("điểm"), default=0)
    is_critical = models.BooleanField(
        _("buộc Không an toàn"),
        default=False,
        help_text=_("Chọn câu trả lời này thì kết quả là Không an toàn."),
    )

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        ordering = ["item", "order", "id"]

    def __str__(self):
        return f"{self.text} ({self.points})"

    def owning_version_id(self):
        return Item.objects.filter(pk=self.item_id).values_list("section__version_id", flat=True).first()
