from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import acheck_password, check_password
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import (
    NATIONAL_ROLES,
    OFFICER_ROLES,
    FacilityType,
    Level,
    MapColour,
    OfficeKind,
    Role,
    Sector,
    UnitKind,
    ZoneKind,
)
from .hashers import keeps_hash
from .text import fold

# Vietnam's mainland and islands (Hoàng Sa, Trường Sa) fit in this box.
LAT_RANGE = (6.0, 23.5)
LNG_RANGE = (102.0, 117.5)


def period() -> timedelta:
    return timedelta(days=settings.ASSESSMENT_PERIOD_DAYS)


def grace() -> timedelta:
    return timedelta(days=settings.ASSESSMENT_GRACE_DAYS)


class AdminUnit(models.Model):
    """An administrative unit in a tree of any depth. ``path`` is a materialised path
    ("/cur/11/03199/") so that a whole subtree is one indexed prefix query."""

    SOURCE_CURRENT = "cur"  # 34 provinces and their communes, since 1 July 2025
    SOURCE_GSO = "gso"  # legacy province → district → commune list of the statistics office

    code = models.CharField(_("mã"), max_length=16)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("cấp"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    source = models.CharField(_("danh mục"), max_length=3, default=SOURCE_CURRENT)
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["source", "code"], name="unit_source_code_unique")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = self.make_path(self.source, self.code, self.parent)
        self.depth = self.path.count("/") - 2
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @staticmethod
    def make_path(source: str, code: str, parent: "AdminUnit | None") -> str:
        return (parent.path if parent else f"/{source}/") + f"{code}/"

    def subtree(self):
        return AdminUnit.objects.filter(path__startswith=self.path)

    def ancestor_paths(self) -> list[str]:
        parts = self.path.strip("/").split("/")
        return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(1, len(parts))]

    def ancestors(self):
        """This unit and every unit above it, top first."""
        return AdminUnit.objects.filter(path__in=self.ancestor_paths()).order_by("depth")

    @property
    def province(self) -> "AdminUnit":
        return self.ancestors().first() or self

    def full_name(self) -> str:
        return ", ".join(u.name for u in reversed(list(self.ancestors())))


class Zone(models.Model):
    """An economic zone, industrial zone or industrial cluster."""

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(
        _("loại"), max_length=3, choices=ZoneKind.choices, default=ZoneKind.INDUSTRIAL_ZONE
    )
    unit = models.ForeignKey(AdminUnit, models.PROTECT, related_name="zones", verbose_name=_("địa bàn"))

    class Meta:
        verbose_name = _("khu, cụm công nghiệp")
        verbose_name_plural = _("khu, cụm công nghiệp")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Office(models.Model):
    """A government office: the Sở and its divisions, a local economic office, a zone board.
    Facilities see the offices above them, for their sector, as "who to call"."""

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=OfficeKind.choices)
    unit = models.ForeignKey(AdminUnit, models.PROTECT, related_name="offices", verbose_name=_("địa bàn"))
    sectors = models.JSONField(_("lĩnh vực phụ trách"), default=list, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    contact_name = models.CharField(_("cán bộ đầu mối"), max_length=120, blank=True)
    contact_mobile = models.CharField(_("di động"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # What the office's documents print (Nghị định 30/2020/NĐ-CP): "Điện Biên Phủ, ngày …"
    # and "Số: …/SCT-QLCN".
    place_name = models.CharField(
        _("địa danh"),
        max_length=60,
        blank=True,
        help_text=_("In ở dòng ngày tháng của văn bản, ví dụ: Điện Biên Phủ."),
    )
    code = models.CharField(
        _("ký hiệu"),
        max_length=20,
        blank=True,
        help_text=_("Chữ viết tắt của đơn vị soạn thảo trong số văn bản, ví dụ: QLCN trong …/SCT-QLCN."),
    )

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["unit__path", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        unknown = set(self.sectors or []) - set(Sector.values)
        if unknown:
            raise ValidationError({"sectors": _("Lĩnh vực không hợp lệ: %s") % ", ".join(sorted(unknown))})

    def sector_labels(self) -> str:
        return ", ".join(str(Sector(s).label) for s in self.sectors or [])

    @classmethod
    def contacts_for(cls, facility: "Facility"):
        """Offices responsible for the facility's unit (or a unit above it) and sector."""
        paths = facility.unit.ancestor_paths()
        offices = (
            cls.objects.filter(unit__path__in=paths).select_related("unit").order_by("-unit__depth", "name")
        )
        return [o for o in offices if not o.sectors or facility.sector in o.sectors]


# Officers are a few hundred among hundreds of thousands of facility accounts: the partial
# index on exactly this condition lets the scan and the digest list them without a table scan.
IS_OFFICER = Q(role__in=OFFICER_ROLES) | Q(is_superuser=True)


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.FACILITY)
    unit = models.ForeignKey(
        AdminUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("phạm vi: đơn vị hành chính"),
        help_text=_("Cán bộ thấy mọi cơ sở thuộc đơn vị này và các đơn vị trực thuộc."),
    )
    sectors = models.JSONField(
        _("phạm vi: lĩnh vực"), default=list, blank=True, help_text=_("Để trống để thấy mọi lĩnh vực.")
    )
    zones = models.ManyToManyField(
        Zone, blank=True, related_name="users", verbose_name=_("phạm vi: khu, cụm")
    )
    office = models.ForeignKey(
        Office, models.SET_NULL, null=True, blank=True, related_name="staff", verbose_name=_("cơ quan")
    )
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    must_change_password = models.BooleanField(
        _("phải đổi mật khẩu"),
        default=False,
        help_text=_("Người dùng phải đổi mật khẩu trước khi làm việc khác."),
    )
    email_digest = models.BooleanField(_("nhận email tổng hợp hằng ngày"), default=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        indexes = [models.Index(fields=["id"], condition=IS_OFFICER, name="user_officer_idx")]

    def clean(self):
        super().clean()
        unknown = set(self.sectors or []) - set(Sector.values)
        if unknown:
            raise ValidationError({"sectors": _("Lĩnh vực không hợp lệ: %s") % ", ".join(sorted(unknown))})
        if self.role in (Role.LOCAL_OFFICE, Role.PROVINCE) and not self.unit_id:
            raise ValidationError({"unit": _("Cán bộ địa phương phải có đơn vị hành chính phụ trách.")})

    def check_password(self, raw_password):
        # A generated secret keeps its hash until the user chooses a password: Django's upgrade
        # would re-hash the spelling typed, and the letter's spelling would stop working.
        if keeps_hash(self.password):
            return check_password(raw_password, self.password)
        return super().check_password(raw_password)

    async def acheck_password(self, raw_password):
        if keeps_hash(self.password):
            return await acheck_password(raw_password, self.password)
        return await super().acheck_password(raw_password)

    @property
    def is_facility(self) -> bool:
        return self.role == Role.FACILITY

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES or self.is_superuser

    @property
    def is_national(self) -> bool:
        return self.role in NATIONAL_ROLES or self.is_superuser

    def scope_label(self) -> str:
        if self.is_national:
            return str(_("Toàn quốc"))
        parts = []
        if self.unit_id:
            parts.append(self.unit.name)
        if self.sectors:
            parts.append(", ".join(str(Sector(s).label) for s in self.sectors))
        if self.pk and self.zones.exists():
            parts.append(", ".join(z.name for z in self.zones.all()))
        return " — ".join(parts) or str(_("Chưa được phân phạm vi"))


# The business rules about a facility's state, each stated once. Every list, count, map,
# export, document and job asks these (SQL) or the Facility methods below (Python, same
# rule); tests/accounts/test_models.py checks that each pair agrees.


def overdue_cutoff(now) -> datetime:
    """Due dates before this are overdue: the grace decides when a facility counts as late
    (and its flag opens), nothing else."""
    return now - grace()


def overdue_q(now) -> Q:
    """Overdue: due date plus grace has passed (includes accounts issued and never assessed)."""
    return Q(due_at__lt=overdue_cutoff(now))


def overdue_from():
    """When a facility became overdue: its due date plus grace (the overdue flag's start)."""
    return ExpressionWrapper(F("due_at") + grace(), output_field=models.DateTimeField())


def overdue_from_due(due_at: datetime) -> datetime:
    """overdue_from in Python."""
    return due_at + grace()


def unsafe_q() -> Q:
    """Latest signed level is Không an toàn, however old it is."""
    return Q(level=Level.RED)


def never_assessed_q() -> Q:
    """Has an account and has never signed an assessment."""
    return Q(user__isnull=False, last_signed_at__isnull=True)


def colour_case(now) -> Case:
    """The map colour, in SQL. The first matching rule wins, so a new state (suspended) goes
    on top. A stale result never looks better than it was: red stays red when stale, only a
    stale green or yellow turns grey."""
    return Case(
        When(level=Level.NONE, then=Value(MapColour.GREY)),
        When(unsafe_q(), then=Value(MapColour.RED)),
        When(overdue_q(now), then=Value(MapColour.GREY)),
        default="level",
        output_field=models.CharField(),
    )


def _local_midnight(now) -> datetime:
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def days_overdue_expression(now):
    """Whole days since the due date (calendar days in the local time zone), or NULL while the
    due date is today or later. A duration: ``.days`` is the number."""
    today = timezone.localdate(now)
    local_due = TruncDate("due_at", tzinfo=timezone.get_current_timezone())
    return Case(
        When(
            due_at__lt=_local_midnight(now),
            then=ExpressionWrapper(Value(today) - local_due, output_field=models.DurationField()),
        ),
        default=None,
        output_field=models.DurationField(),
    )


class FacilityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def overdue(self, now=None):
        return self.filter(overdue_q(now or timezone.now()))

    def unsafe(self):
        return self.filter(unsafe_q())

    def never_assessed(self):
        return self.filter(never_assessed_q())

    def past_due(self, now=None):
        """The due date itself has passed (what the facility's own reminder says), grace or not."""
        return self.filter(due_at__lte=now or timezone.now())

    def search(self, query: str):
        words = fold(query).split()
        q = self
        for word in words:
            q = q.filter(Q(name_folded__contains=word) | Q(tax_code__startswith=word))
        return q

    def with_colour(self, now=None):
        """Annotate ``map_colour`` (colour_case)."""
        return self.annotate(map_colour=colour_case(now or timezone.now()))

    def with_days_overdue(self, now=None):
        """Annotate ``overdue_for``, days overdue as a duration (days_overdue_expression); not
        named ``days_overdue``, which would hide that method on the instances."""
        return self.annotate(overdue_for=days_overdue_expression(now or timezone.now()))


class Facility(models.Model):
    name = models.CharField(_("tên cơ sở"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True, db_index=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    unit = models.ForeignKey(
        AdminUnit, models.PROTECT, related_name="facilities", verbose_name=_("đơn vị hành chính")
    )
    sector = models.CharField(_("lĩnh vực"), max_length=10, choices=Sector.choices, default=Sector.INDUSTRY)
    facility_type = models.CharField(
        _("loại hình"), max_length=12, choices=FacilityType.choices, default=FacilityType.FACTORY
    )
    zone = models.ForeignKey(
        Zone,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name=_("khu, cụm công nghiệp"),
    )
    workers = models.PositiveIntegerField(_("số người lao động"), default=0)
    has_dormitory = models.BooleanField(_("có ký túc xá cho người lao động"), default=False)
    latitude = models.FloatField(
        _("vĩ độ"),
        null=True,
        blank=True,
        validators=[MinValueValidator(LAT_RANGE[0]), MaxValueValidator(LAT_RANGE[1])],
    )
    longitude = models.FloatField(
        _("kinh độ"),
        null=True,
        blank=True,
        validators=[MinValueValidator(LNG_RANGE[0]), MaxValueValidator(LNG_RANGE[1])],
    )
    contact_name = models.CharField(_("người liên hệ"), max_length=120, blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="facility",
        verbose_name=_("tài khoản đăng nhập"),
    )
    account_issued_at = models.DateTimeField(_("ngày cấp tài khoản"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # Denormalised state read by maps and jobs; written in the transaction that signs an
    # assessment or issues the account.
    level = models.CharField(
        _("mức độ an toàn"), max_length=6, choices=Level.choices, blank=True, default=Level.NONE
    )
    last_signed_at = models.DateTimeField(_("lần đánh giá gần nhất"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn đánh giá tiếp theo"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ sở")
        verbose_name_plural = _("cơ sở")
        ordering = ["name"]
        indexes = [models.Index(fields=["level"]), models.Index(fields=["sector", "facility_type"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded"}
        super().save(*args, **kwargs)

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Cần nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai."))

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def is_overdue(self, now=None) -> bool:
        """overdue_q in Python."""
        return self.due_at is not None and self.due_at < overdue_cutoff(now or timezone.now())

    def is_past_due(self, now=None) -> bool:
        """FacilityQuerySet.past_due in Python."""
        return self.due_at is not None and self.due_at <= (now or timezone.now())

    @property
    def is_unsafe(self) -> bool:
        return self.level == Level.RED

    @property
    def is_never_assessed(self) -> bool:
        return self.user_id is not None and self.last_signed_at is None

    def colour(self, now=None) -> str:
        """colour_case in Python: the same rules in the same order."""
        if self.level == Level.NONE:
            return MapColour.GREY
        if self.is_unsafe:
            return MapColour.RED
        if self.is_overdue(now):
            return MapColour.GREY
        return self.level

    def colour_label(self, now=None) -> str:
        return MapColour(self.colour(now)).label

    def days_overdue(self, now=None) -> int | None:
        """Whole days since the due date, or None while it is today or later (the same rule
        as days_overdue_expression). The grace does not shorten it."""
        days = self.days_left(now)
        return -days if days is not None and days < 0 else None

    def days_left(self, now=None) -> int | None:
        if self.due_at is None:
            return None
        now = now or timezone.now()
        return (timezone.localdate(self.due_at) - timezone.localdate(now)).days

    def issue_account(self, user, when=None):
        """Link the login account and start the first period."""
        when = when or timezone.now()
        self.user = user
        self.account_issued_at = when
        if self.last_signed_at is None:
            self.due_at = when + period()
        self.save(update_fields=["user", "account_issued_at", "due_at", "updated_at"])

    def record_signed(self, level: str, signed_at):
        """Called in the signing transaction: the new level and the next due date."""
        self.level = level
        self.last_signed_at = signed_at
        self.due_at = signed_at + period()
        self.save(update_fields=["level", "last_signed_at", "due_at", "updated_at"])

    def contacts(self):
        return Office.contacts_for(self)


# Account requests live in their own module; imported here so Django finds the model.
from .account_requests import AccountRequest  # noqa: E402, F401
from .importing.models import ImportJob, ImportRow  # noqa: E402, F401  (models of the bulk import)
