"""Officer dashboard benchmark: the ministry's dashboard over 300,000 facilities with six
periods of signed assessments (about 1.5 million rows).

Prints the time of the figures the page shows (colours, states, reporting and on-time rates
per sub-unit, the six-period trend) divided by one hand-written SQL query per figure computing
the same numbers in the same run, the page's full render time, the number of queries, and the
Python memory the figures need.

    uv run python benchmarks/dashboard.py [--repeat 3]
"""

import argparse
import statistics
import time
import tracemalloc

import _seed

parser = argparse.ArgumentParser()
parser.add_argument("--repeat", type=int, default=3)
args = parser.parse_args()

_seed.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.choices import Role  # noqa: E402
from accounts.models import User, period  # noqa: E402
from reports.dashboard import TREND_PERIODS, dashboard_context, period_windows  # noqa: E402

# The baseline: the same figures, each from one hand-written query.
BASELINE = [
    # colours and states
    """SELECT count(*), count(*) FILTER (WHERE due_at < %(overdue)s), count(*) FILTER (WHERE level = 'red'),
              count(*) FILTER (WHERE level = 'green'), count(*) FILTER (WHERE level = 'yellow')
       FROM accounts_facility WHERE is_active""",
    # expected per sub-unit
    """SELECT u.path, count(*) FILTER (WHERE f.account_issued_at <= %(now)s)
       FROM accounts_facility f JOIN accounts_adminunit u ON u.id = f.unit_id WHERE f.is_active GROUP BY u.path""",
    # reported and on time per sub-unit, this period
    """SELECT u.path, count(DISTINCT a.facility_id), count(DISTINCT a.facility_id) FILTER (WHERE a.on_time)
       FROM assessments_assessment a JOIN accounts_facility f ON f.id = a.facility_id
       JOIN accounts_adminunit u ON u.id = f.unit_id
       WHERE a.status = 'signed' AND a.signed_at >= %(start)s AND f.is_active GROUP BY u.path""",
    # the trend: reported and on time per period
    """SELECT width_bucket(extract(epoch FROM a.signed_at), %(t0)s, %(t1)s, %(n)s) b,
              count(DISTINCT a.facility_id), count(DISTINCT a.facility_id) FILTER (WHERE a.on_time)
       FROM assessments_assessment a JOIN accounts_facility f ON f.id = a.facility_id
       WHERE a.status = 'signed' AND a.signed_at >= %(trend_start)s AND f.is_active GROUP BY b""",
]


def baseline(now):
    windows = period_windows(now, TREND_PERIODS)
    params = {
        "now": now,
        "overdue": now - period(),
        "start": now - period(),
        "trend_start": windows[0][0],
        "t0": windows[0][0].timestamp(),
        "t1": now.timestamp(),
        "n": TREND_PERIODS,
    }
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for statement in BASELINE:
            cursor.execute(statement, params)
            cursor.fetchall()
    return time.perf_counter() - start


def figures(user, now):
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        context = dashboard_context(user, now)
        elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, len(queries), peak, context


def page(username):
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=username))
    start = time.perf_counter()
    response = client.get("/quan-ly/")
    assert response.status_code == 200, response.status_code
    return time.perf_counter() - start


def main():
    _seed.seed()
    _seed.seed_assessments()
    User.objects.get_or_create(username="bench.bo", defaults={"role": Role.MINISTRY})
    ministry = User.objects.get(username="bench.bo")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM assessments_assessment WHERE status = 'signed'")
        rows = cursor.fetchone()[0]
    print(f"{_seed.FACILITIES:,} facilities, {rows:,} signed assessments, median of {args.repeat} runs\n")
    now = timezone.now()
    runs = [figures(ministry, now) for _ in range(args.repeat)]
    bases = [baseline(now) for _ in range(args.repeat)]
    pages = [page("bench.bo") for _ in range(args.repeat)]
    elapsed = statistics.median(r[0] for r in runs)
    base = statistics.median(bases)
    context = runs[0][3]
    total = context["rates_total"]
    print(
        f"figures                 {elapsed:7.3f} s   ({runs[0][1]} queries, Python peak {runs[0][2] / 2**20:.1f} MB)"
    )
    print(f"hand-written SQL        {base:7.3f} s   ({len(BASELINE)} queries)")
    print(f"ratio                   {elapsed / base:7.2f}")
    print(f"page /quan-ly/          {statistics.median(pages):7.3f} s   (full render, ministry)")
    print(
        f"this period: expected {total.expected:,}, reported {total.reported:,}, on time {total.on_time:,};"
        f" trend reported {[r.reported for r in context['trend']]}"
    )


main()
