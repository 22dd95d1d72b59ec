"""The overdue export at 100,000 rows (PostgreSQL, the database of benchmarks/map.py).

Prints, from one run:
- the XLSX export's time (query, formatting, styles, file) divided by a bare openpyxl
  write-only floor writing the same rows, already in memory, with no styles (goal <= 1.5);
- the CSV export's peak memory (whole process, measured in a fresh process per size) at 25,000
  and 100,000 rows (goal < 150 MB and flat as rows grow).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/safemap_bench4 uv run python benchmarks/export.py
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from _seed import PROVINCE_CODE, ROOT, setup


def overdue(unit_code):
    from django.http import QueryDict

    from accounts.models import AdminUnit
    from accounts.scoping import facilities_visible_to
    from reports.filters import FacilityFilterForm

    unit = AdminUnit.objects.get(source="gso", code=unit_code)
    form = FacilityFilterForm(QueryDict(f"state=overdue&unit={unit.pk}"))
    return form.filter(facilities_visible_to(national_user()))


def national_user():
    from accounts.models import User

    user, _ = User.objects.get_or_create(username="bench.bo", defaults={"role": "ministry"})
    return user


def xlsx_ratio():
    from openpyxl import Workbook

    from reports.exports import FACILITY_COLUMNS, facility_rows, write_xlsx

    facilities = overdue(PROVINCE_CODE)
    rows = list(facility_rows(facilities))  # the same rows, for the floor
    n = len(rows)

    def floor():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Danh sách")
        ws.append([str(c.header) for c in FACILITY_COLUMNS])
        for row in rows:
            ws.append(row)
        with tempfile.TemporaryFile() as fh:
            wb.save(fh)

    def export():
        with tempfile.TemporaryFile() as fh:
            write_xlsx(facility_rows(facilities), fh, columns=FACILITY_COLUMNS, sheet_title="Danh sách")

    results = {}
    for name, fn in (("floor", floor), ("export", export), ("floor", floor), ("export", export)):
        started = time.perf_counter()
        fn()
        results.setdefault(name, []).append(time.perf_counter() - started)
    return n, min(results["floor"]), min(results["export"])


def peak_rss_mb() -> float:
    """Peak resident memory of this process image. Not ru_maxrss: on Linux it survives exec,
    so a child forked from a big parent would report the parent's peak."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def csv_child(unit_code):
    """Run in a fresh process: stream the CSV export through the real view and report peak RSS."""
    os.environ["EXPORT_SYNC_MAX_ROWS"] = "100000000"  # stream, do not queue a job
    setup(migrate=False)
    from django.test import Client

    from accounts.models import AdminUnit

    before = peak_rss_mb()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(national_user())
    unit = AdminUnit.objects.get(source="gso", code=unit_code)
    started = time.perf_counter()
    response = client.post(f"/quan-ly/co-so/xuat/csv/?state=overdue&unit={unit.pk}")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    print(
        json.dumps(
            {
                "rows": lines - 1,
                "bytes": size,
                "seconds": time.perf_counter() - started,
                "rss_before_mb": before,
                "peak_mb": peak_rss_mb(),
            }
        )
    )


def main():
    setup()
    from _seed import seed

    seed()
    n, t_floor, t_export = xlsx_ratio()
    print(f"overdue rows: {n:,}")
    print(
        f"bare openpyxl write-only floor: {t_floor:.2f} s; "
        f"XLSX export (query + format + styles): {t_export:.2f} s"
    )
    print(f"  XLSX export / floor = {t_export / t_floor:.2f}  (goal <= 1.5)")
    for code in (f"{PROVINCE_CODE}0", PROVINCE_CODE):
        out = subprocess.run(
            [sys.executable, __file__, "--csv-child", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"CSV export of {r['rows']:,} rows: {r['bytes'] / 1e6:.1f} MB in {r['seconds']:.2f} s; "
            f"peak RSS {r['peak_mb']:.0f} MB (after start-up {r['rss_before_mb']:.0f} MB)"
            "  (goal < 150 MB, flat)"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--csv-child"]:
        csv_child(sys.argv[2])
    else:
        main()
