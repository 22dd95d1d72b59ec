"""Redis (cache and Celery broker) goes away in the middle of a deadline-day load."""

import time

from celery import Celery

# Load facilities (tax codes 77…): is the open "unsafe" flag there exactly when the facility is Đỏ?
FLAGS_SQL = """
    SELECT count(*) FROM accounts_facility f
    WHERE f.tax_code LIKE '77%%' AND (f.level = 'red') <> EXISTS (
        SELECT 1 FROM reports_flag g WHERE g.facility_id = f.id AND g.kind = 'unsafe' AND g.closed_at IS NULL
    )
"""


def flags_behind(load_run) -> int:
    return load_run.pg.query(load_run.database_url.rsplit("/", 1)[1], FLAGS_SQL)[0][0]


def test_signing_succeeds_while_redis_is_down_and_flags_catch_up_after(load_run):
    load_run.start(duration=40)
    load_run.wait_signed(8)
    load_run.redis.stop()
    down = time.time()
    result = load_run.finish()  # the run ends while Redis is still down

    assert result["errors"] == 0, result["error_kinds"]  # no error page, the public map included
    assert result["lost"] == 0 and result["unconfirmed"] == 0 and result["half_written"] == 0
    started = result["started_wall"]
    after = [started + t for t in result["confirmed_at"] if started + t > down]
    assert len(after) >= 5, (down - started, result["confirmed_at"])  # signed without Redis
    # The scans those signatures asked for never reached a broker.
    assert flags_behind(load_run) > 0

    load_run.redis.start()  # empty: whatever was queued before is gone too
    with Celery(broker=load_run.redis.url(0)) as app:
        app.send_task("reports.tasks.scan_flags_task")
    deadline = time.monotonic() + 120  # the worker reconnects with back-off
    while flags_behind(load_run) and time.monotonic() < deadline:
        time.sleep(1)
    assert flags_behind(load_run) == 0
