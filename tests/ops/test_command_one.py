"""README command 1 (``scripts/run``) as a newcomer meets it: the demo logins and the address
are the last thing it prints, after the server's start-up lines, and a wrong address shows
SafeMap's Vietnamese page, never Django's debug page."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.ops.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def command_one(tmp_path_factory):
    data = tmp_path_factory.mktemp("command-one")
    port = free_port()
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "UV_CACHE_DIR", "TMPDIR")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(DATA_DIR=str(data), PORT=str(port))
    log_path = data / "run.log"
    log = open(log_path, "w")  # noqa: SIM115  closed below
    run = subprocess.Popen(
        [str(ROOT / "scripts" / "run")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(600):
            if "Ctrl+C" in log_path.read_text():
                break
            assert run.poll() is None, log_path.read_text()[-5000:]
            time.sleep(0.5)
        else:
            pytest.fail("scripts/run did not finish starting: " + log_path.read_text()[-5000:])
        time.sleep(1)  # anything else it would print now comes out
        yield f"http://127.0.0.1:{port}", log_path
    finally:
        os.killpg(run.pid, signal.SIGTERM)
        try:
            run.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
        log.close()


def test_the_demo_logins_and_the_login_address_are_printed_last(command_one):
    base, log_path = command_one
    lines = [line for line in log_path.read_text().splitlines() if line.strip()]
    # Only request lines may follow (the newcomer's own visits), none yet besides the readiness check.
    tail = [line for line in lines if not re.match(r"^\[\d\d/\w+/\d{4} [\d:]+\] \"", line)]
    assert set(tail[-1]) == {"="}
    assert "Ctrl+C" in tail[-2]
    assert f"{base}/dang-nhap/" in tail[-3]
    last_block = tail[-14:]
    assert any(line.split()[0] == "coso.demo" for line in last_block), last_block
    started = next(i for i, line in enumerate(lines) if "Starting development server" in line)
    logins = next(i for i, line in enumerate(lines) if line.split()[0] == "coso.demo")
    assert started < logins
    assert sum(line.split()[0] == "coso.demo" for line in lines) == 1  # printed once, at the end


def test_a_wrong_address_on_the_demo_shows_the_vietnamese_page_with_its_styles(command_one):
    base, _log = command_one
    r = httpx.get(f"{base}/khong-co-trang-nay/", timeout=10)
    assert r.status_code == 404
    assert "Không tìm thấy trang" in r.text
    assert "DEBUG = True" not in r.text and "URLconf" not in r.text
    # Static files come from WhiteNoise (the demo no longer relies on DEBUG to serve them).
    for href in re.findall(r'href="(/static/[^"]+\.css)"', r.text):
        css = httpx.get(base + href, timeout=10)
        assert css.status_code == 200 and "immutable" in css.headers["cache-control"], href
