"""The production server as the Docker image starts it (``--config gunicorn.conf.py``): its
answers do not name the server software, and carry the Permissions-Policy."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.accounts.test_settings import PRODUCTION
from tests.ops.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_sends_no_server_banner_and_a_permissions_policy(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in PRODUCTION}
    env.update(
        PRODUCTION,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DATA_DIR=str(tmp_path / "data"),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
    )
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115  closed below
    server = subprocess.Popen(
        [gunicorn, "safemap.wsgi", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                # A page that needs neither the database nor the static manifest.
                r = httpx.get(f"http://127.0.0.1:{port}/jsi18n/", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
                time.sleep(0.1)
        assert r.status_code == 200, (tmp_path / "gunicorn.log").read_text()[-3000:]
        assert "gunicorn" not in r.headers.get("server", "").lower()
        assert not any(c.isdigit() for c in r.headers.get("server", ""))
        assert "camera=()" in r.headers["permissions-policy"]
        # The catalogue is the same for everyone (per language); the middleware left it public.
        assert r.headers["cache-control"] == "public, max-age=86400"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
