"""Every officer page at national scale: 300,000 facilities, 1.5 million signed assessments,
the flags and notifications one scan opens for them.

The dashboard includes the start-up funnel (Khởi động); the list is also timed filtered by
two funnel stages.

Prints, for the ministry (whose scope is everything) and for one commune office, each page's
median time divided by the login page's in the same run (the baseline: a page that reads
nothing), its size and its number of queries. A page that grows with the data shows here.

    uv run python benchmarks/pages.py [--repeat 3]
"""

import argparse
import statistics
import time

import _seed

parser = argparse.ArgumentParser()
parser.add_argument("--repeat", type=int, default=3)
args = parser.parse_args()

_seed.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.choices import Role  # noqa: E402
from accounts.models import AdminUnit, Facility, User  # noqa: E402
from reports.flags import flags_scan  # noqa: E402
from reports.models import Flag  # noqa: E402


def officers(province):
    commune = (
        AdminUnit.objects.filter(path__startswith=province.path, kind="commune").order_by("path").first()
    )
    ministry, _ = User.objects.get_or_create(username="bench.bo", defaults={"role": Role.MINISTRY})
    local, _ = User.objects.get_or_create(
        username="bench.pkt", defaults={"role": Role.LOCAL_OFFICE, "unit": commune}
    )
    return ministry, local


def timed(client, url):
    times, size, queries = [], 0, 0
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            body = b"".join(response) if response.streaming else response.content
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        size, queries = len(body), len(captured)
    return statistics.median(times), size, queries


def main():
    province = _seed.seed()
    _seed.seed_assessments()
    _seed.seed_funnel()
    ministry, local = officers(province)
    if not Flag.objects.exists():
        started = time.perf_counter()
        result = flags_scan()
        print(
            f"first scan: {result.opened:,} flags, {result.notified:,} notifications "
            f"in {time.perf_counter() - started:.1f} s"
        )
    facility = Facility.objects.filter(unit=local.unit).order_by("pk").first()
    history = _seed.seed_followup()  # after the scan: its flags are the ones contacted
    pages = [
        # With the Theo dõi xử lý (follow-up) table and the Khởi động (funnel) section.
        ("dashboard", "/quan-ly/"),
        ("facility list", "/quan-ly/co-so/"),
        ("list, page 2,000", "/quan-ly/co-so/?trang=2000"),
        ("list, overdue", "/quan-ly/co-so/?state=overdue"),
        ("list, search", "/quan-ly/co-so/?q=thu+tai+so+123456"),
        ("list, not logged in", "/quan-ly/co-so/?stage=no_login"),
        ("list, not signed", "/quan-ly/co-so/?stage=not_signed"),
        ("facility page", f"/quan-ly/co-so/{facility.pk}/"),
        ("case file, long", reverse("reports:facility_detail", args=[history.pk])),
        ("officer map", "/quan-ly/ban-do/"),
        ("officer map data", "/quan-ly/ban-do/du-lieu/"),
        ("suspension report", "/quan-ly/de-xuat-tam-dung/"),
        ("inbox", "/thong-bao/"),
        ("inbox, page 1,000", "/thong-bao/?trang=1000"),
        ("account requests", "/de-nghi-cap-tai-khoan/"),
    ]
    anonymous = Client(HTTP_HOST="localhost")
    anonymous.get("/dang-nhap/")  # the first request loads templates and translations
    login_page, _, _ = timed(anonymous, "/dang-nhap/")
    print(f"\nbaseline: the login page, {login_page * 1000:.1f} ms (median of {args.repeat})\n")
    print(f"{'user':<10} {'page':<20} {'ms':>9} {'÷ login':>8} {'KB':>8} {'queries':>7}")
    for user in (ministry, local):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for name, url in pages:
            seconds, size, queries = timed(client, url)
            print(
                f"{user.get_role_display()[:10]:<10} {name:<20} {seconds * 1000:>9.1f} "
                f"{seconds / login_page:>8.1f} {size / 1024:>8.1f} {queries:>7}"
            )


main()
