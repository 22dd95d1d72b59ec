"""The facility's offline app, as production serves it (gunicorn, DEBUG off, the demo
province) and Chromium runs it, on loopback. Prints, each against a baseline of the same run:

- bytes over the network on a repeat visit of the fill page, with the service worker (goal
  ≤ 10 KB), against the first visit and a repeat visit with the HTTP cache alone;
- time to open the facility home with no connection, from the service worker (goal ≤ 1 s),
  against opening it online;
- the outbox drain time for 50 queued changes and 10 photos, against sending the same 60
  requests straight with fetch (what the outbox adds: IndexedDB, keys, receipts).

    uv run python benchmarks/offline.py [--database-url postgres://…]

Bytes are counted by a small TCP relay between Chromium and gunicorn: headers and bodies,
everything that would cross a phone's network. A benchmark: it prints and never fails."""

import argparse
import contextlib
import os
import secrets
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from lighthouse import DRAFT, manage  # noqa: E402
from load import create_database, start_gunicorn, stop  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/safemap_offline"
PASSWORD = "safemap-demo"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


class Relay:
    """Forwards 127.0.0.1:<port> to gunicorn and counts the bytes sent to the browser."""

    def __init__(self, target_port):
        self.target = target_port
        self.down = 0
        self.lock = threading.Lock()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            client, _ = self.server.accept()
            upstream = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def _pipe(self, src, dst, count):
        try:
            while data := src.recv(65536):
                if count:
                    with self.lock:
                        self.down += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def measure(self, fn):
        with self.lock:
            before = self.down
        fn()
        time.sleep(0.3)  # the last bytes of a kept-alive connection
        with self.lock:
            return self.down - before


def fresh_database(database_url):
    """Dropped and made again: photos of an earlier run would point at its deleted media."""
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    create_database(database_url)


def server_env(database_url, data_dir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DATABASE_URL": database_url,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "DATA_DIR": str(data_dir),
        "MEDIA_ROOT": str(data_dir / "media"),
        "STATIC_ROOT": str(data_dir / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MAP_TILE_URL": "",
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "True",
    }


def login(page, base):
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", "coso.demo")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/co-so/")


QUEUE = """async ({ changes, photos }) => {
  const root = document.getElementById("fill");
  const items = [...root.querySelectorAll("[data-item]")].map((el) => el.dataset.item);
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const a = root.dataset.assessment;
  const jobs = [];
  for (let n = 0; n < changes; n++) {
    const item = items[n % items.length];
    jobs.push({ kind: "answer", assessment: a, item: Number(item), fields: { met: n % 2 ? "0" : "1" },
      url: `/danh-gia/${a}/muc/${item}/`, csrf });
  }
  for (let n = 0; n < photos; n++) {
    const canvas = document.createElement("canvas");
    canvas.width = 1600; canvas.height = 1200;
    const ctx = canvas.getContext("2d");
    for (let i = 0; i < 300; i++) {
      ctx.fillStyle = `hsl(${(n * 37 + i * 11) % 360} 60% ${30 + (i % 40)}%)`;
      ctx.fillRect((i * 53) % 1600, (i * 97 + n * 13) % 1200, 120, 90);
    }
    const blob = await new Promise((ok) => canvas.toBlob(ok, "image/jpeg", 0.85));
    const item = items[n % items.length];
    jobs.push({ kind: "photo", assessment: a, item: Number(item), blob, name: `anh-${n}.jpg`,
      url: `/danh-gia/${a}/muc/${item}/anh/`, csrf });
  }
  return jobs;
}"""

DRAIN = (
    """async ({ changes, photos, direct }) => {
  const jobs = await ("""
    + QUEUE
    + """)({ changes, photos });
  const t0 = performance.now();
  if (direct) {
    for (const j of jobs) {
      const body = new FormData();
      Object.entries(j.fields || {}).forEach(([k, v]) => body.append(k, v));
      if (j.blob) body.append("photo", j.blob, j.name);
      const r = await fetch(j.url, { method: "POST", body, headers: { "X-CSRFToken": j.csrf } });
      if (!r.ok) throw new Error(r.status);
    }
    return { ms: performance.now() - t0, sent: jobs.length };
  }
  const t1 = performance.now();
  for (const j of jobs) await self.SafeMapOutbox.add(j);
  const queued = performance.now() - t1;
  const t2 = performance.now();
  const report = await self.SafeMapOutbox.drain();
  return { ms: performance.now() - t2, queuedMs: queued, sent: report.sent, left: (await self.SafeMapOutbox.all()).length };
}"""
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--database-url", default=os.environ.get("OFFLINE_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--port", type=int, default=8741)
    parser.add_argument("--runs", type=int, default=5, help="runs of the timings; the median is printed")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    fresh_database(args.database_url)
    data_dir = Path(tempfile.mkdtemp(prefix="safemap-offline-"))
    env = server_env(args.database_url, data_dir)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    draft = manage(env, "shell", "-c", DRAFT).strip().splitlines()[-1]
    server = start_gunicorn(env, args.port, workers=2, threads=4)
    relay = Relay(args.port)
    base = f"http://127.0.0.1:{relay.port}"
    fill = f"{base}/danh-gia/{draft}/dien/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            print(f"SafeMap offline app, gunicorn on loopback, Chromium; load average {os.getloadavg()}")

            # Bytes: the HTTP cache alone (no service worker), then the app.
            plain = browser.new_context(service_workers="block")
            page = plain.new_page()
            login(page, base)
            first_plain = relay.measure(lambda: page.goto(fill, wait_until="networkidle"))
            repeat_plain = relay.measure(lambda: page.goto(fill, wait_until="networkidle"))
            plain.close()

            app = browser.new_context()
            page = app.new_page()
            login(page, base)
            page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=30_000)
            relay.measure(lambda: page.goto(fill, wait_until="networkidle"))
            repeats = [relay.measure(lambda: page.goto(fill, wait_until="networkidle")) for _ in range(3)]
            repeat = statistics.median(repeats)
            print("\nRepeat visit of the fill page, bytes over the network (goal ≤ 10 KB)")
            print(f"  first visit, empty caches       {first_plain / 1024:8.1f} KB")
            print(f"  repeat, HTTP cache only         {repeat_plain / 1024:8.1f} KB")
            print(
                f"  repeat, service worker          {repeat / 1024:8.1f} KB   "
                f"{repeat / first_plain:.2f}× the first visit, {repeat / repeat_plain:.2f}× HTTP cache alone"
                f"  {'OK' if repeat <= 10 * 1024 else 'ABOVE GOAL'}"
            )

            # Opening the home: online, then with no connection from the service worker.
            def open_home():
                tab = app.new_page()
                t0 = time.perf_counter()
                tab.goto(f"{base}/co-so/", wait_until="load")
                tab.wait_for_selector("h1")
                took = time.perf_counter() - t0
                tab.close()
                return took

            page.goto(f"{base}/co-so/")
            page.wait_for_selector("html[data-offline-ready]", state="attached")
            online = statistics.median(open_home() for _ in range(args.runs))
            app.set_offline(True)
            offline = statistics.median(open_home() for _ in range(args.runs))
            app.set_offline(False)
            print("\nOpening the facility home (goal offline ≤ 1 s)")
            print(f"  online, from the server         {online * 1000:8.0f} ms")
            print(
                f"  offline, from the service worker {offline * 1000:7.0f} ms   {offline / online:.2f}× online"
                f"  {'OK' if offline <= 1 else 'ABOVE GOAL'}"
            )

            # The outbox: 50 changes and 10 photos, against the same requests sent straight.
            page.goto(fill)
            page.wait_for_selector("#fill")
            direct = [page.evaluate(DRAIN, {"changes": 50, "photos": 10, "direct": True}) for _ in range(3)]
            drained = [page.evaluate(DRAIN, {"changes": 50, "photos": 10, "direct": False}) for _ in range(3)]
            d = statistics.median(r["ms"] for r in direct)
            o = statistics.median(r["ms"] for r in drained)
            q = statistics.median(r["queuedMs"] for r in drained)
            left = max(r["left"] for r in drained)
            print("\nOutbox drain, 50 queued changes + 10 photos (1600×1200 JPEG), loopback")
            print(f"  the 60 requests sent straight   {d:8.0f} ms")
            print(
                f"  drained from the outbox         {o:8.0f} ms   {o / d:.2f}× straight; queueing took {q:.0f} ms, {left} left"
            )
            browser.close()
    finally:
        stop(server)


if __name__ == "__main__":
    main()
