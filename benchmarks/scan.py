"""Flag scan benchmark: N facilities on PostgreSQL, 10 % of them changing state.

Prints, for each size, the scan time divided by the time of one bare SQL statement that
updates the same flag rows in the same run (goal ≤ 1.5), and the number of queries
(goal: the same at every size). Every measurement runs in a transaction that is rolled
back, so each starts from the same state.

    uv run python benchmarks/scan.py [--sizes 30000,300000] [--db safemap_bench5] [--repeat 3]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

parser = argparse.ArgumentParser()
parser.add_argument("--sizes", default="30000,300000")
parser.add_argument("--db", default="safemap_bench5")
parser.add_argument("--repeat", type=int, default=3)
parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
parser.add_argument("--explain", action="store_true", help="print each scan query's time and plan")
args = parser.parse_args()

os.environ["DATABASE_URL"] = f"{args.server}/{args.db}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safemap.settings")
os.environ.setdefault("DATA_DIR", "/tmp/safemap-bench")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import psycopg  # noqa: E402

with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
    admin.execute(f'DROP DATABASE IF EXISTS "{args.db}"')
    admin.execute(f'CREATE DATABASE "{args.db}"')

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.choices import Role, Sector  # noqa: E402
from accounts.models import AdminUnit, User  # noqa: E402
from reports.flags import flags_scan  # noqa: E402
from reports.models import Flag, Notification  # noqa: E402

call_command("migrate", verbosity=0)
NOW = timezone.now().replace(microsecond=0)


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def build(n: int):
    """n facilities with accounts: 70 % green, 10 % yellow, 10 % red, 5 % overdue and 5 %
    never assessed (g % 20 picks the state), in 100 communes; then one scan."""
    sql(
        "TRUNCATE reports_notification, reports_flag, reports_reminder, reports_digestsent, "
        "accounts_facility, accounts_user_zones, accounts_user, accounts_adminunit RESTART IDENTITY CASCADE"
    )
    province = AdminUnit.objects.create(code="11", name="Điện Biên", kind="province")
    for i in range(100):
        AdminUnit.objects.create(code=f"{i:05d}", name=f"Xã {i}", kind="commune", parent=province)
    sql(
        "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
        " is_active, date_joined, role, sectors, phone, must_change_password, email_digest)"
        " SELECT '!', false, 'cs' || g, '', '', '', false, true, %s, 'facility', '[]'::jsonb, '', false, false"
        " FROM generate_series(1, %s) g",
        [NOW, n],
    )
    sql(
        """
        INSERT INTO accounts_facility (name, name_folded, tax_code, address, unit_id, sector, facility_type,
            workers, has_dormitory, contact_name, contact_phone, email, user_id, account_issued_at, is_active,
            level, last_signed_at, due_at, created_at, updated_at)
        SELECT 'Cơ sở ' || g, 'co so ' || g, lpad(g::text, 10, '0'), '', 2 + g %% 100,
            CASE WHEN g %% 2 = 0 THEN 'industry' ELSE 'trade' END, 'factory', 10, false, '', '', '', u.id,
            %(now)s - interval '60 days', true,
            CASE WHEN g %% 20 IN (14, 15) THEN 'yellow' WHEN g %% 20 IN (16, 17) THEN 'red'
                 WHEN g %% 20 = 19 THEN '' ELSE 'green' END,
            CASE WHEN g %% 20 = 18 THEN %(now)s - interval '20 days' WHEN g %% 20 = 19 THEN NULL
                 ELSE %(now)s - (g %% 10) * interval '1 day' END,
            CASE WHEN g %% 20 = 18 THEN %(now)s - interval '6 days' WHEN g %% 20 = 19 THEN %(now)s - interval '46 days'
                 ELSE %(now)s + (14 - g %% 10) * interval '1 day' END,
            %(now)s, %(now)s
        FROM generate_series(1, %(n)s) g JOIN accounts_user u ON u.username = 'cs' || g
        ORDER BY g
        """,
        {"now": NOW, "n": n},
    )
    sql("VACUUM ANALYZE")
    flags_scan(now=NOW - timedelta(hours=1))
    sql("VACUUM ANALYZE")


def change_state():
    """10 % of facilities change: the overdue 5 % sign green, 5 % of the green sign red."""
    sql(
        "UPDATE accounts_facility SET level = 'green', last_signed_at = %(t)s, due_at = %(t)s + interval '14 days'"
        " WHERE id %% 20 = 18",
        {"t": NOW - timedelta(minutes=5)},
    )
    sql(
        "UPDATE accounts_facility SET level = 'red', last_signed_at = %(t)s, due_at = %(t)s + interval '14 days'"
        " WHERE id %% 20 = 3",
        {"t": NOW - timedelta(minutes=5)},
    )


def add_officers():
    """14 officers: national, province, two divisions, ten communes."""
    province = AdminUnit.objects.get(code="11")
    User.objects.create(username="bo", role=Role.MINISTRY)
    User.objects.create(username="so", role=Role.PROVINCE, unit=province)
    User.objects.create(username="so.cn", role=Role.PROVINCE, unit=province, sectors=[Sector.INDUSTRY])
    User.objects.create(username="so.tm", role=Role.PROVINCE, unit=province, sectors=[Sector.TRADE])
    for unit in AdminUnit.objects.filter(kind="commune").order_by("pk")[:10]:
        User.objects.create(username=f"pkt{unit.pk}", role=Role.LOCAL_OFFICE, unit=unit)


def explain(queries):
    for q in queries.captured_queries:
        print(f"{float(q['time']):8.3f}s  {q['sql'][:150]}")
        if q["sql"].startswith(("UPDATE", "INSERT", 'SELECT "accounts_user')):
            with connection.cursor() as cursor:
                cursor.execute("SAVEPOINT explain")
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + q["sql"])
                print("\n".join("          " + row[0] for row in cursor.fetchall()))
                cursor.execute("ROLLBACK TO SAVEPOINT explain")


class Rollback(Exception):
    pass


def measure_scan(officers: bool):
    """One scan from the changed state, rolled back: its time, its queries, and the rows it
    wrote (for the baseline), plus the older baseline: one UPDATE of every touched flag row."""
    out = {}
    # Rolled-back runs leave dead rows behind; without this each run would start slower.
    sql("VACUUM ANALYZE")
    try:
        with transaction.atomic():
            change_state()
            if officers:
                add_officers()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                result = flags_scan(now=NOW)
                out["scan"] = time.perf_counter() - start
            out["queries"] = len(queries)
            if args.explain:
                explain(queries)
            new = Flag.objects.filter(created_at=NOW)
            closed = Flag.objects.filter(closed_at__isnull=False)
            out["opened_rows"] = list(new.values_list("facility_id", "kind", "opened_at", "created_at"))
            out["closed_rows"] = list(closed.values_list("pk", "closed_at"))
            out["notified_rows"] = list(
                Notification.objects.values_list("user__username", "flag__facility_id")
            )
            out["rows"] = (result.opened, result.closed, len(out["notified_rows"]))
            touched = list(new.values_list("pk", flat=True)) + [pk for pk, _ in out["closed_rows"]]
            with connection.cursor() as cursor:
                start = time.perf_counter()
                cursor.execute("UPDATE reports_flag SET closed_at = %s WHERE id = ANY(%s)", [NOW, touched])
                out["update_only"] = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return out


# The baseline: one bare statement that makes exactly the scan's writes (the same flags
# closed at the same times, the same flags inserted, the same notifications), every value
# known in advance, so nothing is looked up. Scan ÷ this is the price of finding them.
SAME_WRITES = """
WITH closed AS (
    UPDATE reports_flag f SET closed_at = c.closed_at
    FROM unnest(%(closed_ids)s::bigint[], %(closed_at)s::timestamptz[]) AS c(id, closed_at)
    WHERE f.id = c.id RETURNING f.id
), opened AS (
    INSERT INTO reports_flag (facility_id, kind, opened_at, created_at)
    SELECT * FROM unnest(%(facility_ids)s::bigint[], %(kinds)s::varchar[], %(opened_at)s::timestamptz[],
                         %(created_at)s::timestamptz[])
    RETURNING id, facility_id, created_at
), notified AS (
    INSERT INTO reports_notification (user_id, flag_id, created_at, kind, message, url)
    SELECT n.user_id, opened.id, opened.created_at, 'flag', '', ''
    FROM unnest(%(user_ids)s::bigint[], %(notified_facility_ids)s::bigint[]) AS n(user_id, facility_id)
    JOIN opened ON opened.facility_id = n.facility_id
    RETURNING 1
)
SELECT (SELECT count(*) FROM closed), (SELECT count(*) FROM opened), (SELECT count(*) FROM notified)
"""


def measure_same_writes(officers: bool, scan_run):
    """The baseline from the same starting state as the scan, rolled back the same way."""
    sql("VACUUM ANALYZE")
    out = {}
    try:
        with transaction.atomic():
            change_state()
            if officers:
                add_officers()
            user_ids = dict(User.objects.values_list("username", "pk"))
            opened = scan_run["opened_rows"]
            notified = scan_run["notified_rows"]
            params = {
                "closed_ids": [pk for pk, _ in scan_run["closed_rows"]],
                "closed_at": [at for _, at in scan_run["closed_rows"]],
                "facility_ids": [row[0] for row in opened],
                "kinds": [row[1] for row in opened],
                "opened_at": [row[2] for row in opened],
                "created_at": [row[3] for row in opened],
                "user_ids": [user_ids[username] for username, _ in notified],
                "notified_facility_ids": [facility_id for _, facility_id in notified],
            }
            with connection.cursor() as cursor:
                start = time.perf_counter()
                cursor.execute(SAME_WRITES, params)
                out["same_writes"] = time.perf_counter() - start
                written = cursor.fetchone()
            expected = (len(scan_run["closed_rows"]), len(opened), len(notified))
            assert written == expected, f"baseline wrote {written}, the scan {expected}"
            raise Rollback
    except Rollback:
        pass
    return out


def measure(officers: bool):
    run = measure_scan(officers)
    run.update(measure_same_writes(officers, run))
    return run


def main():
    print(
        f"PostgreSQL {connection.cursor().connection.info.server_version}, database {args.db}, "
        f"median of {args.repeat} runs\n"
    )
    print(
        "same writes: one bare statement making the scan's writes, values known in advance (the goal's ratio)"
    )
    print("update only: one bare UPDATE of every flag row the scan touched, inserts counted as updates\n")
    header = (
        f"{'facilities':>10} {'variant':<22} {'opened':>7} {'closed':>7} {'notif.':>7} {'scan s':>7} "
        f"{'same writes s':>13} {'ratio':>6} {'update only s':>13} {'ratio':>6} {'queries':>7}"
    )
    print(header)
    for n in [int(s) for s in args.sizes.split(",")]:
        build(n)
        for officers in (False, True):
            runs = [measure(officers) for _ in range(args.repeat)]
            scan = statistics.median(r["scan"] for r in runs)
            same = statistics.median(r["same_writes"] for r in runs)
            update_only = statistics.median(r["update_only"] for r in runs)
            opened, closed, notified = runs[0]["rows"]
            variant = "flags + 14 officers" if officers else "flags, no officers"
            print(
                f"{n:>10} {variant:<22} {opened:>7} {closed:>7} {notified:>7} {scan:>7.3f} "
                f"{same:>13.3f} {scan / same:>6.2f} {update_only:>13.3f} {scan / update_only:>6.2f} "
                f"{runs[0]['queries']:>7}"
            )


main()
