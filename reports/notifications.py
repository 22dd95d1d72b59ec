"""The in-app inbox: who is told about a new flag or a follow-up event, and what they may read."""

from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import IS_OFFICER, User
from accounts.scoping import facilities_visible_to, holds_every_facility

from .models import Flag, Notification, NotificationKind


def officers():
    return User.objects.filter(IS_OFFICER, is_active=True)


def _officers_by_scope():
    """Officers grouped by identical scope, so each distinct scope costs one INSERT whatever
    the number of officers sharing it. The scope comes from the scoping helper itself: two
    officers share one when it builds the same SQL for both."""
    groups = {}
    for officer in officers().select_related("unit").order_by("pk"):
        scope = facilities_visible_to(officer).order_by().values("pk")
        sql, params = scope.query.sql_with_params()
        key = (sql, tuple(params))
        groups.setdefault(key, (scope, []))[1].append(officer.pk)
    return list(groups.values())


def notify_new_flags(*, created_at, fresh_statistics=True) -> int:
    """Tell every officer whose scope holds the facility about each flag opened by the scan
    that ran at ``created_at``. The unique (user, flag) constraint makes a repeat a no-op."""
    new_flags = Flag.objects.open().filter(created_at=created_at)
    scopes = _officers_by_scope()
    if fresh_statistics and scopes and connection.vendor == "postgresql":
        # The planner's statistics predate this scan's flags and guess one new row; when a
        # scan opens thousands (a district's accounts issued the same day) it would then walk
        # all of them once per scope. A fresh sample costs tens of milliseconds.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Flag._meta.db_table)}")
    table = connection.ops.quote_name(Notification._meta.db_table)
    count = 0
    for scope, user_ids in scopes:
        flags = (
            (new_flags if holds_every_facility(scope) else new_flags.filter(facility__in=scope))
            .order_by()
            .values(
                new_flag_id=F("pk"),
                new_flag_facility_id=F("facility_id"),
                new_flag_created_at=F("created_at"),
            )
        )
        flags_sql, flag_params = flags.query.get_compiler(connection=connection).as_sql()
        users = ", ".join(["%s"] * len(user_ids))
        user_table = connection.ops.quote_name(User._meta.db_table)
        # Only quoted table names and ORM-compiled SQL are interpolated; values are params.
        sql = (
            f"INSERT INTO {table} (user_id, kind, flag_id, facility_id, message, url, created_at) "  # noqa: S608
            f"SELECT u.id, %s, f.new_flag_id, f.new_flag_facility_id, '', '', f.new_flag_created_at "
            f"FROM ({flags_sql}) f, "
            f"(SELECT id FROM {user_table} WHERE id IN ({users})) u "
            "WHERE 1 = 1 ON CONFLICT DO NOTHING"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [NotificationKind.FLAG.value, *flag_params, *user_ids])
            count += cursor.rowcount
    return count


def notify(users, *, kind, message, url="", facility=None, at=None) -> int:
    """Put one message in each of ``users``' inboxes (a follow-up event, a batch of letters).
    Only users whose scope holds ``facility`` get it, so nobody is told about what they may
    not open."""
    at = at or timezone.now()
    rows = [
        Notification(
            user=user, kind=kind, facility=facility, message=str(message)[:300], url=url, created_at=at
        )
        for user in users
        if facility is None or facilities_visible_to(user).filter(pk=facility.pk).exists()
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notifications_for(user):
    """The user's inbox, limited to facilities still in their scope (the access helper)."""
    mine = Notification.objects.filter(user=user)
    scope = facilities_visible_to(user)
    if holds_every_facility(scope):
        return mine
    return mine.filter(Q(facility__isnull=True) | Q(facility__in=scope))


def inbox_for(user):
    """The inbox as the officer reads it: unread first, so what the badge counts is at the top
    even when one scan brought many flags at the same moment; then the newest."""
    return notifications_for(user).order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")


def unread_count(user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def notification_mark_read(*, notification) -> None:
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).update(read_at=timezone.now())
