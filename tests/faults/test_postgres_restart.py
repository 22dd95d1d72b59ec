"""PostgreSQL goes away in the middle of a deadline-day load and comes back."""

import time

DOWN_SECONDS = 4


def test_postgres_restart_mid_load_shows_clean_pages_and_loses_no_assessment(load_run):
    load_run.start(duration=40)
    load_run.wait_signed(8)
    load_run.pg.stop("immediate")  # as a crash would: no goodbye to open connections
    down = time.time()
    time.sleep(DOWN_SECONDS)
    load_run.pg.start()
    up = time.time()
    result = load_run.finish()

    # Nothing confirmed is missing, nothing is half-written, nothing signed went unconfirmed.
    assert result["lost"] == 0
    assert result["unconfirmed"] == 0
    assert result["half_written"] == 0
    assert result["gave_up"] == 0
    # The fault was felt, and the only answers were "try again shortly" pages, each a clean
    # Vietnamese page. A connection reset is no answer at all: gunicorn closes a kept-alive
    # connection after answering an upload early (the 503) with its body unread, and the client,
    # like a browser, retries on a new connection (gave_up == 0 above).
    assert result["errors"] > 0
    transport = {"ReadError", "RemoteProtocolError", "WriteError", "ConnectError"}
    answers = {kind.split()[0] for kind in result["error_kinds"]} - transport
    assert answers == {"503"}, result["error_kinds"]
    page = result["error_pages"]["503"]
    assert "Hệ thống đang tạm gián đoạn" in page
    assert "Traceback" not in page and "psycopg" not in page and "OperationalError" not in page
    # The clients' retries went through: assessments were signed after PostgreSQL came back.
    # (wait_signed saw assessments signed before the crash.)
    started = result["started_wall"]
    after = [t for t in result["confirmed_at"] if started + t > up]
    assert len(after) >= 5, (down - started, up - started, result["confirmed_at"])
