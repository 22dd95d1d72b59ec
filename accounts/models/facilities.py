from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import (
    FacilityType,
    FunnelStage,
    Level,
    MapColour,
    Sector,
)
from ..text import fold
from .offices import Office
from .units import LAT_RANGE, LNG_RANGE, AdminUnit, Zone, grace, period

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


def not_suspended_q() -> Q:
    """No Quyết định tạm dừng in force."""
    return Q(suspended_at__isnull=True)


def colour_case(now) -> Case:
    """The map colour, in SQL. The first matching rule wins, so a new state (suspended) goes
    on top. A stale result never looks better than it was: red stays red when stale, only a
    stale green or yellow turns grey."""
    return Case(
        When(suspended_at__isnull=False, then=Value(MapColour.SUSPENDED)),
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


# The start-up funnel. Each stage after the first is entered when its step's date is written
# (by the step itself, once); a facility is at the furthest stage it has reached, so data
# backfilled with gaps (a signature without a recorded login) still counts where it got to.
# "Chưa nhận thư": issued, and no office has downloaded its letter yet. A login proves the
# credentials arrived however they travelled, so only a facility that has not logged in waits
# for its letter; accounts issued without a letter wait there until their first login.
FUNNEL_STEPS = (
    (FunnelStage.NOT_RECEIVED, "account_issued_at"),
    (FunnelStage.NOT_LOGGED_IN, "letter_downloaded_at"),
    (FunnelStage.NO_OWN_PASSWORD, "first_login_at"),
    (FunnelStage.NOT_STARTED, "password_changed_at"),
    (FunnelStage.NOT_SIGNED, "first_started_at"),
    (FunnelStage.SIGNED, "first_signed_at"),
)
FUNNEL_FIELDS = tuple(field for _stage, field in FUNNEL_STEPS)
# When the facility entered each stage (the date the "stuck longest" lists count from); a
# facility never issued an account has waited since it was recorded.
FUNNEL_SINCE = {FunnelStage.NOT_ISSUED: "created_at", **dict(FUNNEL_STEPS)}


def _later_fields(stage) -> list[str]:
    stages = [s for s, _field in FUNNEL_STEPS]
    index = stages.index(stage) + 1 if stage in stages else 0
    return list(FUNNEL_FIELDS[index:])


def funnel_stage_q(stage) -> Q:
    """At this stage of the funnel: its step's date is set and no later step's is."""
    q = Q(**{f"{field}__isnull": True for field in _later_fields(stage)})
    if stage != FunnelStage.NOT_ISSUED:
        q &= Q(**{f"{FUNNEL_SINCE[stage]}__isnull": False})
    return q


def funnel_reached_q(stage) -> Q:
    """At this stage or further on."""
    stages = [s for s, _field in FUNNEL_STEPS]
    q = Q()
    for later in stages[stages.index(stage) :]:
        q |= Q(**{f"{FUNNEL_SINCE[later]}__isnull": False})
    return q


def funnel_stage_case() -> Case:
    """The stage, in SQL (funnel_stage_q for every stage at once): the furthest step wins."""
    return Case(
        *[When(**{f"{field}__isnull": False}, then=Value(stage)) for stage, field in reversed(FUNNEL_STEPS)],
        default=Value(FunnelStage.NOT_ISSUED),
        output_field=models.CharField(),
    )


def funnel_since_case() -> Case:
    """When the facility entered its current stage."""
    return Case(
        *[When(funnel_stage_q(stage), then=F(field)) for stage, field in FUNNEL_SINCE.items()],
        output_field=models.DateTimeField(),
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

    def suspended(self):
        return self.exclude(not_suspended_q())

    def not_suspended(self):
        return self.filter(not_suspended_q())

    def past_due(self, now=None):
        """The due date itself has passed (what the facility's own reminder says), grace or not."""
        return self.filter(due_at__lte=now or timezone.now())

    def search(self, query: str):
        words = fold(query).split()
        q = self
        for word in words:
            q = q.filter(Q(name_folded__contains=word) | Q(tax_code__startswith=word))
        return q

    def at_stage(self, stage):
        return self.filter(funnel_stage_q(stage))

    def with_stage(self):
        """Annotate ``stage`` (funnel_stage_case) and ``stage_since`` (funnel_since_case)."""
        return self.annotate(stage=funnel_stage_case(), stage_since=funnel_since_case())

    def mark_step(self, field: str, at) -> int:
        """Write one funnel date, once: the conditional UPDATE cannot overwrite the date a
        concurrent request (a second tab, a retry) wrote first."""
        if field not in FUNNEL_FIELDS:
            raise ValueError(field)
        return self.filter(**{f"{field}__isnull": True}).update(**{field: at})

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
    # When the latest Kiểm tra thực tế was signed (exactly its signed_at, so the flag scan
    # can find that inspection by it). Its result is ``level`` until a later self-assessment.
    inspected_at = models.DateTimeField(_("ngày kiểm tra thực tế gần nhất"), null=True, blank=True)
    # The start-up funnel (issue → letter handed out → first login → own password → first
    # assessment started → first signed), each written once, by the step itself.
    letter_downloaded_at = models.DateTimeField(_("ngày tải thư tài khoản"), null=True, blank=True)
    letter_office = models.ForeignKey(
        "accounts.Office",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị tải thư tài khoản"),
    )
    first_login_at = models.DateTimeField(_("lần đăng nhập đầu tiên"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("ngày đổi mật khẩu"), null=True, blank=True)
    first_started_at = models.DateTimeField(_("ngày bắt đầu đánh giá đầu tiên"), null=True, blank=True)
    first_signed_at = models.DateTimeField(_("ngày ký đánh giá đầu tiên"), null=True, blank=True)
    # Tạm dừng hoạt động: set with the decision that suspends, cleared by the one that lets
    # the facility reopen (accounts/suspensions.py), so maps and lists test one column.
    suspended_at = models.DateTimeField(_("tạm dừng hoạt động từ"), null=True, blank=True)
    suspension = models.ForeignKey(
        "accounts.Decision",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quyết định tạm dừng"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ sở")
        verbose_name_plural = _("cơ sở")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["level"]),
            models.Index(fields=["sector", "facility_type"]),
            # The funnel's counts read only these columns: on PostgreSQL an index-only scan of
            # this reads a twentieth of the table.
            models.Index(
                fields=["unit"], include=["id", "is_active", *FUNNEL_FIELDS], name="facility_funnel_idx"
            ),
            # Each stage's facilities, longest waiting first: the dashboard's five per stage and
            # the list filtered by stage read a few entries of one small index.
            *[
                models.Index(
                    fields=[since, "id"], condition=funnel_stage_q(stage), name=f"facility_stage_{stage}_idx"
                )
                for stage, since in FUNNEL_SINCE.items()
            ],
            # Few facilities are ever inspected: the scan's discrepancy condition starts here.
            models.Index(
                fields=["inspected_at"],
                condition=Q(inspected_at__isnull=False),
                name="facility_inspected_idx",
            ),
        ]

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

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def can_reopen(self) -> bool:
        """A passing result after the suspension began: the level (set by whichever was signed
        last, a self-assessment or a Kiểm tra thực tế) is not red, and that signature came
        after ``suspended_at``."""
        results = [t for t in (self.last_signed_at, self.inspected_at) if t is not None]
        return (
            self.is_suspended
            and self.level not in (Level.NONE, Level.RED)
            and bool(results)
            and max(results) > self.suspended_at
        )

    def colour(self, now=None) -> str:
        """colour_case in Python: the same rules in the same order."""
        if self.is_suspended:
            return MapColour.SUSPENDED
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

    def funnel_stage(self) -> str:
        """funnel_stage_case in Python: the furthest step reached."""
        for stage, field in reversed(FUNNEL_STEPS):
            if getattr(self, field) is not None:
                return stage
        return FunnelStage.NOT_ISSUED

    def funnel_stage_label(self) -> str:
        return FunnelStage(self.funnel_stage()).label

    def funnel_since(self):
        """When the facility entered its current stage (funnel_since_case in Python)."""
        return getattr(self, FUNNEL_SINCE[self.funnel_stage()])

    def record_inspected(self, level: str, signed_at):
        """Called in the transaction signing a Kiểm tra thực tế: the officer's result becomes
        the level (map colour, Không an toàn flag) until the facility signs again.

        The due date is left alone on purpose: an inspection checks the self-assessment, it
        does not do the facility's fortnightly duty for it. An overdue facility stays overdue
        (grey on the map unless red, its overdue flag open) until it signs one itself."""
        self.level = level
        self.inspected_at = signed_at
        self.save(update_fields=["level", "inspected_at", "updated_at"])

    @property
    def inspection_is_current(self) -> bool:
        """Whether the level is the latest inspection's (no self-assessment signed since)."""
        return self.inspected_at is not None and (
            self.last_signed_at is None or self.inspected_at > self.last_signed_at
        )

    def contacts(self):
        return Office.contacts_for(self)
