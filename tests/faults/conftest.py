"""Fault tests run against servers of their own (PostgreSQL and Redis on their own ports, gunicorn,
a Celery worker) and stop them mid-work. Run with ``pytest --faults tests/faults``."""

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from benchmarks import load
from tests.faults.services import OwnPostgres, OwnRedis, postgres_bindir

PG_PORT = int(os.environ.get("FAULTS_PG_PORT", "8118"))
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "8119"))
WEB_PORT = int(os.environ.get("LOAD_PORT", "8117"))
CLIENTS = int(os.environ.get("FAULTS_CLIENTS", "32"))


@pytest.fixture(scope="session")
def own_postgres():
    if postgres_bindir() is None:
        pytest.skip("the PostgreSQL server (initdb, pg_ctl) is not installed")
    pg = OwnPostgres(PG_PORT).init()
    yield pg
    pg.destroy()


@pytest.fixture(scope="session")
def own_redis():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = OwnRedis(REDIS_PORT).start()
    yield server
    server.destroy()


class LoadRun:
    """gunicorn and a Celery worker on our own PostgreSQL and Redis, driven by benchmarks/load.py
    in a process of its own (it prepares the database, runs the clients, checks the result)."""

    def __init__(self, pg, redis_server, tmp_path, dbname):
        self.pg, self.redis = pg, redis_server
        self.database_url = pg.url(dbname)
        self.env = load.service_env(
            database_url=self.database_url, redis_url=redis_server.url(0), data_dir=tmp_path
        )
        self.result_file = tmp_path / "load.json"
        self.logs = tmp_path / "services.log"  # tracebacks of the 503s belong in the log, not in pages
        self.server = self.worker = self.proc = None
        self.output = ""

    def start(self, duration: float):
        load.create_database(self.database_url)
        log = self.logs.open("a")
        self.server = load.start_gunicorn(self.env, WEB_PORT, log=log)
        self.worker = load.start_worker(self.env, log=log)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(load.ROOT / "benchmarks" / "load.py"),
                f"--url=http://127.0.0.1:{WEB_PORT}",
                f"--database-url={self.database_url}",
                f"--redis-url={self.redis.url(0)}",
                f"--duration={duration}",
                f"--clients={CLIENTS}",
                f"--json={self.result_file}",
                "--max-error-rate=1",  # the tests judge the errors themselves
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=load.ROOT,
        )
        # Migrations, accounts, then 32 Argon2 logins: the clock starts after them.
        deadline = time.monotonic() + 300
        for line in self.proc.stdout:
            self.output += line
            if line.startswith("load: running"):
                self.running_at = time.time()
                return self
            if time.monotonic() > deadline:
                break
        raise AssertionError(f"the load run did not start:\n{self.output}")

    def wait_signed(self, n: int, timeout: float = 180) -> None:
        """Until n assessments are signed in this run: the load is in full swing."""
        sql = "SELECT count(*) FROM assessments_assessment WHERE status = 'signed' AND signed_at >= to_timestamp(%s)"
        deadline = time.monotonic() + timeout
        while self.pg.query(self.database_url.rsplit("/", 1)[1], sql, [self.running_at])[0][0] < n:
            assert time.monotonic() < deadline and self.proc.poll() is None, self.output
            time.sleep(0.5)

    def finish(self) -> dict:
        out, _ = self.proc.communicate(timeout=600)
        self.output += out
        print(self.output)  # the figures, in the test log
        return json.loads(self.result_file.read_text())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        load.stop(self.server)
        load.stop(self.worker)
        # Whatever a failed test left stopped is running again for the next one.
        if not self.redis.is_up():
            self.redis.start()
        if not self.pg.is_running():
            self.pg.start()


@pytest.fixture
def load_run(own_postgres, own_redis, tmp_path, request):
    dbname = "faults_" + request.node.name.removeprefix("test_")[:40]
    run = LoadRun(own_postgres, own_redis, tmp_path, dbname)
    yield run
    run.stop()
