"""Throwaway PostgreSQL and Redis servers on ports of their own, so the fault tests can stop and
restart them without disturbing anyone else using the machine's shared ones."""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry


def postgres_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class OwnPostgres:
    """A cluster made with initdb in a temporary folder, listening on 127.0.0.1:port only, with
    trust authentication (loopback, test data). Run as the postgres user when we are root."""

    def __init__(self, port: int):
        self.port = port
        self.bindir = postgres_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="safemap-faults-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        os.chmod(self.root, 0o755)  # noqa: S103  the postgres user must reach its data folder
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=self.root)

    def init(self) -> "OwnPostgres":
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        return self

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c max_connections=150"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def is_running(self) -> bool:
        cmd = [str(self.bindir / "pg_ctl"), "-D", str(self.data), "status"]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False).returncode == 0

    def query(self, dbname: str, sql: str, params=()) -> list[tuple]:
        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def _client(port: int) -> redis.Redis:
    # No retries: redis-py's default back-off would take seconds to say that Redis is down.
    return redis.Redis(port=port, socket_timeout=1, retry=Retry(NoBackoff(), 0))


class OwnRedis:
    """redis-server without persistence: a restart loses every queued message, as a crashed
    Redis would."""

    def __init__(self, port: int):
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="safemap-faults-redis-"))

    def start(self) -> "OwnRedis":
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(self.root),
                "--pidfile",
                str(self.root / "redis.pid"),
                "--logfile",
                str(self.root / "redis.log"),
            ],
            check=True,
        )
        for _ in range(100):
            if self.is_up():
                return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        with contextlib.suppress(redis.ConnectionError):  # shutdown closes the connection under us
            _client(self.port).shutdown(nosave=True)
        for _ in range(100):
            if not self.is_up():
                return
            time.sleep(0.05)

    def is_up(self) -> bool:
        try:
            return _client(self.port).ping()
        except redis.ConnectionError:
            return False

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
