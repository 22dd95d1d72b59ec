"""Map data at 300,000 facilities (PostgreSQL).

Prints, from one run:
- the map-data endpoint's time divided by a raw SQL read of the same columns (goal <= 2.0);
- gzipped bytes per facility (goal <= 10);
- time to the first clustered render of /ban-do/ in headless Chromium (goal <= 2 s).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/safemap_bench4 uv run python benchmarks/map.py
"""

import os
import socket
import statistics
import subprocess
import sys
import time

from _seed import ROOT, setup

RUNS = 5


def median_time(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def raw_sql_read():
    """The floor: the same rows and columns, read by a bare cursor, no encoding at all."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, latitude, longitude, level, due_at FROM accounts_facility "
            "WHERE is_active AND latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY id"
        )
        return cursor.fetchall()


def raw_sql_read_without_timestamps():
    """A stricter floor: position and level only (no due date to convert)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, latitude, longitude, level FROM accounts_facility "
            "WHERE is_active AND latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY id"
        )
        return cursor.fetchall()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_render_seconds(runs=3):
    from playwright.sync_api import sync_playwright

    port = int(os.environ.get("BENCH_PORT") or free_port())
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        results = []
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            for i in range(runs + 1):
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(f"http://127.0.0.1:{port}/ban-do/")
                page.wait_for_selector("body[data-map-ready='1']", timeout=60000)
                ms = page.evaluate("window.safemapFirstRender")
                n = page.text_content("[data-count='total']")
                page.close()
                if i:  # the first visit warms the server's cache and the static files
                    results.append(ms / 1000)
            browser.close()
        return statistics.median(results), n
    finally:
        server.terminate()
        server.wait()


def main():
    setup()
    from _seed import seed
    from django.core.cache import cache
    from django.test import Client

    seed()
    client = Client(HTTP_HOST="127.0.0.1")
    raw_rows = raw_sql_read()
    n = len(raw_rows)

    def endpoint():
        cache.clear()  # measure the build, not a cache hit
        response = client.get("/ban-do/du-lieu/", headers={"accept-encoding": "gzip"})
        assert response.status_code == 200
        return response

    endpoint()  # warm up
    raw_sql_read()
    t_raw = median_time(raw_sql_read)
    t_raw_strict = median_time(raw_sql_read_without_timestamps)
    t_endpoint = median_time(endpoint)
    body = endpoint()
    size = len(body.content)
    etag = body["ETag"]
    t_304 = median_time(lambda: client.get("/ban-do/du-lieu/", headers={"if-none-match": etag}))
    t_hit = median_time(lambda: client.get("/ban-do/du-lieu/", headers={"accept-encoding": "gzip"}))

    print(f"facilities on the map: {n:,}")
    print(f"raw SQL read (same rows and columns): {t_raw * 1000:.0f} ms")
    print(f"map-data endpoint (query + encode + gzip): {t_endpoint * 1000:.0f} ms")
    print(f"  endpoint / raw SQL = {t_endpoint / t_raw:.2f}  (goal <= 2.0)")
    print(
        f"  stricter: raw SQL without the due-date column {t_raw_strict * 1000:.0f} ms; "
        f"endpoint / that = {t_endpoint / t_raw_strict:.2f}"
    )
    print(f"  revalidation (304): {t_304 * 1000:.0f} ms; cached answer: {t_hit * 1000:.0f} ms")
    print(f"gzipped payload: {size:,} bytes = {size / n:.2f} bytes per facility  (goal <= 10)")
    seconds, shown = first_render_seconds()
    print(
        f"first clustered render in headless Chromium: {seconds:.2f} s for {shown} facilities  (goal <= 2 s)"
    )


if __name__ == "__main__":
    main()
