"""Deadline day: 32 facilities on loopback, each logged in as itself, fill, photograph,
complete and sign assessments again and again against gunicorn + PostgreSQL + Redis.

    uv run python benchmarks/load.py                  # 5 minutes (the benchmark)
    uv run python benchmarks/load.py --duration 30    # the CI run

Starts gunicorn (gthread) and a Celery worker on LOAD_DATABASE_URL and LOAD_REDIS_URL (cache and
broker), or drives a server already running with --url. Each client: log in, then repeatedly
start a draft, open the fill page, autosave every item, upload two JPEGs, Hoàn thành, open the
result and the sign page, Ký xác nhận with a PNG signature, open the signed record, and fetch the
guide page (a static page: the baseline the ratios compare with, measured under the same load).
A 5xx or a dropped connection is retried with back-off, as fill.js does.

Prints requests served, throughput, p50/p95/p99 and errors, then checks the database: every
assessment a client saw confirmed is signed with a matching digest, none is signed that no client
saw confirmed (assessments lost must be 0), and none is half-written. Exit status 1 when that
check fails or errors exceed --max-error-rate. --json writes the figures for the fault tests."""

import argparse
import io
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLIENTS = 32
TEMPLATE_SLUG = "do-tai"
PASSWORD = "Do-tai-" + "x7Qp2mK9"
SIGNER = {"signer_name": "Nguyễn Văn Đo", "signer_position": "Giám đốc"}
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/safemap_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"


# --- the services ---------------------------------------------------------------------------


def service_env(*, database_url: str, redis_url: str, data_dir: Path) -> dict:
    """Production settings (DEBUG off) for gunicorn, the worker and the preparation alike."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "DEBUG": "False",
        "SECRET_KEY": os.environ.get("LOAD_SECRET_KEY") or secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "DB_CONN_MAX_AGE": "60",
        "DATA_DIR": str(data_dir),
        "MEDIA_ROOT": str(data_dir / "media"),
        "STATIC_ROOT": str(data_dir / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MAP_TILE_URL": "",
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore::UserWarning",
    }


def _bin(name: str) -> str:
    return shutil.which(name, path=str(Path(sys.executable).parent)) or name


def start_gunicorn(env: dict, port: int, workers: int = 4, threads: int = 8, log=None) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            _bin("gunicorn"),
            "safemap.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-k",
            "gthread",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            # Longer than any pause of the clients (back-off tops at 3 s): a connection the server
            # closes just as a client reuses it is a race of the client's making, not a fault.
            "--keep-alive",
            "5",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stderr=log,
    )
    import httpx

    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/huong-dan/", timeout=2)
            return proc
        except httpx.TransportError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    stop(proc)
    raise SystemExit("gunicorn did not start")


def start_worker(env: dict, log=None) -> subprocess.Popen:
    """One Celery worker (the flag scans that signing queues)."""
    return subprocess.Popen(
        [_bin("celery"), "-A", "safemap", "worker", "--concurrency", "1", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def stop(proc: subprocess.Popen | None, sig: int = 15) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait(5)


# --- preparation and the final check (Django in this process) ------------------------------


def create_database(database_url: str) -> None:
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def load_template():
    """The seed "nơi làm việc" checklist (20 items) as its own template, with exactly two items
    that need a photo: one photo each."""
    from checklists.demo import SEED_DIR
    from checklists.transfer import import_template, loads

    data = loads((SEED_DIR / "noi-lam-viec.json").read_bytes())
    data["template"].update(slug=TEMPLATE_SLUG, name="Bộ câu hỏi đo tải", facility_types=["factory"])
    photos = 0
    for section in data["sections"]:
        for item in section["items"]:
            item["photo_required"] = bool(item["photo_required"]) and photos < 2
            photos += item["photo_required"]
    version, _created = import_template(data)
    return version


def prepare(clients: int) -> dict:
    """Migrate; make the checklist and one facility account per client (reused by later runs)."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts.models import AdminUnit, Facility, User

    version = load_template()
    unit, _ = AdminUnit.objects.get_or_create(
        source="cur", code="load", defaults={"name": "Xã Đo Tải", "kind": "commune"}
    )
    password = make_password(PASSWORD)  # one slow hash, shared: the logins still check it
    accounts = []
    for n in range(clients):
        user, created = User.objects.get_or_create(
            username=f"dotai{n:03d}", defaults={"role": "facility", "password": password}
        )
        if not created:
            User.objects.filter(pk=user.pk).update(password=password, must_change_password=False)
        facility, _ = Facility.objects.get_or_create(
            tax_code=f"77{n:08d}",
            defaults={"name": f"Cơ sở đo tải số {n}", "unit": unit, "facility_type": "factory"},
        )
        if facility.user_id != user.pk:
            facility.issue_account(user)
        accounts.append(user.username)
    items = list(version.items_in_order().values("id", "critical", "photo_required"))
    return {
        "template": version.template_id,
        "accounts": accounts,
        "items": [i["id"] for i in items],
        "photo_items": [i["id"] for i in items if i["photo_required"]],
        "critical_item": next(i["id"] for i in items if i["critical"]),
    }


def check_database(accounts: list[str], since: float, confirmed: list[int]) -> dict:
    """What the database says after the run, against what the clients saw."""
    from datetime import UTC, datetime

    from assessments.models import OPEN_STATUSES, Assessment, Status

    started = datetime.fromtimestamp(since, UTC)
    mine = Assessment.objects.filter(facility__user__username__in=accounts)
    signed = list(mine.filter(status=Status.SIGNED, signed_at__gte=started))
    signed_ids = {a.pk for a in signed}
    confirmed_ids = set(confirmed)
    # Started in this run and neither open nor signed, or signed without its digest and signature.
    odd = mine.filter(created_at__gte=started).exclude(status__in=[Status.SIGNED, *OPEN_STATUSES])
    odd = odd.count() + mine.filter(status=Status.SIGNED, signed_at__isnull=True).count()
    bad_digest = [a.pk for a in signed if not (a.digest and a.signature and a.digest_matches())]
    return {
        "signed_in_db": len(signed_ids),
        "confirmed": len(confirmed_ids),
        "confirmed_twice": len(confirmed) - len(confirmed_ids),
        "lost": len(confirmed_ids - signed_ids),
        "unconfirmed": len(signed_ids - confirmed_ids),
        "half_written": odd + len(bad_digest),
        "open_drafts": mine.filter(status__in=OPEN_STATUSES).count(),
    }


# --- the clients ----------------------------------------------------------------------------


def make_files():
    """Two phone photos as fill.js sends them (JPEG, longest edge 1600) and a drawn signature."""
    import base64

    from PIL import Image, ImageDraw, ImageFilter

    photos = []
    size = (1600, 1200)
    for seed in (1, 2):
        # Shapes, a gradient and some grain: about 250 KB, like a phone photo at this size
        # (pure noise would be four times larger and far slower to re-encode).
        ramp = Image.linear_gradient("L").resize(size)
        img = Image.merge("RGB", (ramp, ramp.rotate(90 * seed).resize(size), Image.new("L", size, 120)))
        draw = ImageDraw.Draw(img)
        for i in range(40):
            x, y = (i * 197 * seed) % 1500, (i * 131) % 1100
            draw.rectangle(
                (x, y, x + 90 + i, y + 60 + i), fill=(i * 37 % 255, i * 91 % 255, i * 53 * seed % 255)
            )
        grain = Image.effect_noise(size, 30).convert("RGB")
        img = Image.blend(img, grain, 0.2).filter(ImageFilter.GaussianBlur(0.6))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=85)
        photos.append(out.getvalue())
    sig = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(sig).line([(40, 150), (160, 40), (300, 160), (560, 60)], fill=(0, 0, 0, 255), width=5)
    out = io.BytesIO()
    sig.save(out, "PNG")
    return photos, "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


class GaveUp(Exception):
    pass


class Unexpected(Exception):
    pass


class TimeUp(Exception):
    """The run is over: the assessment in hand stays a draft, as when a person closes the page."""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)  # kind -> seconds, every attempt that got an answer
        self.errors = Counter()  # "503 sign", "ConnectError autosave", "unexpected …"
        self.samples = {}  # status -> body of the first such error page
        self.when = []  # (time.time(), key) of the first 500 errors
        self.confirmed = []  # (assessment id, seconds since start)
        self.gave_up = 0

    def record(self, kind, seconds):
        with self.lock:
            self.latency[kind].append(seconds)

    def error(self, key, body=None):
        with self.lock:
            self.errors[key] += 1
            if len(self.when) < 500:
                self.when.append((time.time(), key))
            if body is not None:
                self.samples.setdefault(key.split()[0], body)


class Client(threading.Thread):
    def __init__(self, n, base_url, username, plan, files, stats, until, retry_for):
        super().__init__(daemon=True)
        import httpx

        self.n, self.username, self.plan, self.stats = n, username, plan, stats
        self.photos, self.signature = files
        self.until, self.retry_for = until, retry_for
        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, timeout=60, follow_redirects=False)
        self.done = 0

    def reconnect(self):
        """Start again on a fresh connection after a failure. gunicorn closes a kept-alive
        connection after answering an upload early (an error before the body was read, more than
        64 KB left unread), although its answer said keep-alive; browsers resend quietly on a new
        connection, this client opens one before retrying."""
        import httpx

        fresh = httpx.Client(base_url=self.base_url, timeout=60, follow_redirects=False)
        fresh.cookies = self.http.cookies
        self.http.close()
        self.http = fresh

    def call(self, kind, method, path, *, expect=200, location=None, **kwargs):
        """One request, retried on 5xx or a lost connection with back-off (as fill.js does);
        anything else unexpected is an error that ends this assessment."""
        import httpx

        if time.monotonic() > self.until:
            raise TimeUp  # never in the middle of retrying: that request's outcome must be known
        give_up_at = time.monotonic() + self.retry_for
        delay = 0.25
        while True:
            headers = {"X-CSRFToken": self.http.cookies.get("csrftoken", "")}
            started = time.perf_counter()
            try:
                r = self.http.request(method, path, headers=headers, **kwargs)
            except httpx.TransportError as e:
                self.stats.error(f"{type(e).__name__} {kind}")
            else:
                self.stats.record(kind, time.perf_counter() - started)
                if r.status_code < 500:
                    target = r.headers.get("location", "")
                    if r.status_code == expect and (location is None or re.fullmatch(location, target)):
                        return r
                    self.stats.error(f"{r.status_code} {kind} unexpected", r.text[:3000])
                    raise Unexpected(f"{method} {path}: {r.status_code} {target}")
                self.stats.error(f"{r.status_code} {kind}", r.text[:3000])
            if time.monotonic() > give_up_at:
                raise GaveUp(f"{method} {path}")
            self.reconnect()
            time.sleep(delay)
            delay = min(delay * 2, 3)

    def login(self):
        self.call("page", "GET", "/dang-nhap/")
        self.call(
            "login",
            "POST",
            "/dang-nhap/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.http.cookies["csrftoken"],
            },
            expect=302,
        )

    def assessment(self, round_):
        plan = self.plan
        r = self.call(
            "start",
            "POST",
            f"/kiem-tra/checklist/{plan['template']}/bat-dau/",
            expect=302,
            location=r"/danh-gia/\d+/dien/",
        )
        fill = r.headers["location"]
        pk = int(fill.split("/")[2])
        self.call("page", "GET", fill)
        # One round in four leaves a critical item unmet: Đỏ, which opens a flag.
        red = (self.n + round_) % 4 == 0
        for item in plan["items"]:
            met = "0" if red and item == plan["critical_item"] else "1"
            self.call("autosave", "POST", f"/danh-gia/{pk}/muc/{item}/", data={"met": met})
        for item, photo in zip(plan["photo_items"], self.photos, strict=True):
            files = {"photo": (f"anh-{item}.jpg", photo, "image/jpeg")}
            self.call("photo", "POST", f"/danh-gia/{pk}/muc/{item}/anh/", files=files)
        done = f"/danh-gia/{pk}/ket-qua/"
        self.call("complete", "POST", f"/danh-gia/{pk}/hoan-thanh/", expect=302, location=done)
        self.call("page", "GET", done)
        sign = f"/danh-gia/{pk}/ky-xac-nhan/"
        self.call("page", "GET", sign)
        record = f"/danh-gia/{pk}/"
        data = {**SIGNER, "signature": self.signature}
        self.call("sign", "POST", sign, data=data, expect=302, location=record)
        with self.stats.lock:
            self.stats.confirmed.append((pk, time.monotonic()))
        self.call("page", "GET", record)
        self.call("map", "GET", "/ban-do/du-lieu/")  # the new colour on the public map
        self.call("baseline", "GET", "/huong-dan/")

    def run(self):
        try:
            self.login()
        except (GaveUp, Unexpected):
            return
        round_ = 0
        while time.monotonic() < self.until:
            try:
                self.assessment(round_)
                self.done += 1
            except GaveUp:
                with self.stats.lock:
                    self.stats.gave_up += 1
            except Unexpected:
                time.sleep(1)
            except TimeUp:
                break
            round_ += 1
        self.http.close()


def run_clients(base_url, accounts, plan, duration, retry_for, on_running=None):
    files = make_files()
    stats = Stats()
    far = time.monotonic() + 10**6
    clients = [
        Client(n, base_url, username, plan, files, stats, far, retry_for)
        for n, username in enumerate(accounts)
    ]
    # Log in first (Argon2: the costliest request, once per person per day); the clock starts after.
    logins = [threading.Thread(target=c.login) for c in clients]
    for t in logins:
        t.start()
    for t in logins:
        t.join()
    login_latency = stats.latency.pop("login", [])
    started_wall, started = time.time(), time.monotonic()
    for c in clients:
        c.until = started + duration
        c.login = lambda: None  # already logged in
    if on_running:
        on_running()
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    elapsed = time.monotonic() - started
    stats.confirmed = [(pk, t - started) for pk, t in stats.confirmed]
    return stats, login_latency, started_wall, elapsed


# --- figures --------------------------------------------------------------------------------


def pct(values, p):
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def ms(values):
    return tuple(pct(values, p) * 1000 for p in (50, 95, 99))


def report(stats, login_latency, elapsed, db, args, load_before, max_errors):
    everything = [s for v in stats.latency.values() for s in v]
    served = len(everything)
    errors = sum(stats.errors.values())
    p50, p95, p99 = ms(everything)
    b50, b95, b99 = ms(stats.latency["baseline"])
    lines = [
        "=" * 72,
        f"SafeMap load: {args.clients} clients for {elapsed:.0f} s against {args.target}",
        f"  {os.cpu_count()} CPUs; load average (1 min) {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after",
        f"  requests served        {served:>8,}   ({served / elapsed:.1f} /s)",
        f"  assessments signed     {db['confirmed']:>8,}   ({db['confirmed'] / elapsed * 60:.1f} /min)",
        f"  latency p50/p95/p99    {p50:6.0f} / {p95:6.0f} / {p99:6.0f} ms   (every request)",
    ]
    for kind in ("autosave", "photo", "complete", "sign", "start", "page", "map", "baseline"):
        if stats.latency.get(kind):
            k50, k95, k99 = ms(stats.latency[kind])
            lines.append(
                f"    {kind:<10} {len(stats.latency[kind]):>7,}   {k50:6.0f} / {k95:6.0f} / {k99:6.0f} ms"
                f"   p95 ×{k95 / b95:.1f} baseline"
            )
    l50, l95, _l99 = ms(login_latency)
    lines += [
        f"    login (before the clock) {len(login_latency)}   p50 {l50:.0f} ms, p95 {l95:.0f} ms",
        f"  baseline: GET /huong-dan/ by the same clients, p50 {b50:.0f} ms, p95 {b95:.0f} ms",
        f"  errors                 {errors:>8,}   ({errors / max(served, 1):.2%}; allowed {max_errors})"
        + ("" if not errors else "   " + ", ".join(f"{k}: {v}" for k, v in stats.errors.most_common(6))),
        f"  retries given up       {stats.gave_up:>8,}",
        f"  confirmed to clients   {db['confirmed']:>8,}",
        f"  signed in the database {db['signed_in_db']:>8,}",
        f"  assessments lost       {db['lost']:>8,}   (confirmed, not signed in the database)",
        f"  signed, not confirmed  {db['unconfirmed']:>8,}",
        f"  half-written           {db['half_written']:>8,}   (neither open nor signed with its digest)",
    ]
    ok = (
        db["lost"] == 0
        and db["unconfirmed"] == 0
        and db["half_written"] == 0
        and db["confirmed"] > 0
        and errors <= max_errors
    )
    lines += [f"  verdict: {'OK' if ok else 'FAILED'}", "=" * 72]
    print("\n".join(lines), flush=True)
    return ok, {"served": served, "errors": errors, "p50_ms": p50, "p95_ms": p95, "p99_ms": p99}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=300, help="seconds of load (default 300)")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--url", help="drive this running server instead of starting one")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "8117")))
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--redis-url", default=os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes (8 threads each)")
    parser.add_argument("--retry-for", type=float, default=60, help="seconds a client keeps retrying")
    parser.add_argument("--max-error-rate", type=float, default=0.001)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)

    data_dir = Path(tempfile.mkdtemp(prefix="safemap-load-"))
    env = service_env(database_url=args.database_url, redis_url=args.redis_url, data_dir=data_dir)
    create_database(args.database_url)
    setup_django(env)
    plan = prepare(args.clients)
    server = worker = None
    if args.url:
        base_url = args.url.rstrip("/")
    else:
        server = start_gunicorn(env, args.port, workers=args.workers)
        worker = start_worker(env)
        base_url = f"http://127.0.0.1:{args.port}"
    args.target = (
        f"{base_url} (gunicorn gthread {args.workers}×8), "
        f"PostgreSQL {args.database_url.rsplit('@', 1)[-1]}, Redis {args.redis_url.rsplit('@', 1)[-1]}"
        if server
        else base_url
    )
    load_before = os.getloadavg()[0]
    try:
        stats, login_latency, started_wall, elapsed = run_clients(
            base_url,
            plan["accounts"],
            plan,
            args.duration,
            args.retry_for,
            on_running=lambda: print(f"load: running for {args.duration:.0f} s", flush=True),
        )
    finally:
        stop(server)
        stop(worker)
    from django.db import connection

    connection.close()  # PostgreSQL may have restarted under us
    db = check_database(plan["accounts"], started_wall, [pk for pk, _t in stats.confirmed])
    served = sum(len(v) for v in stats.latency.values())
    max_errors = int(served * args.max_error_rate)
    ok, figures = report(stats, login_latency, elapsed, db, args, load_before, max_errors)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    **figures,
                    **db,
                    "ok": ok,
                    "elapsed": elapsed,
                    "gave_up": stats.gave_up,
                    "error_kinds": dict(stats.errors),
                    "error_pages": stats.samples,
                    "error_times": stats.when,
                    "confirmed_at": [t for _pk, t in stats.confirmed],
                    "started_wall": started_wall,
                },
                ensure_ascii=False,
            )
        )
    shutil.rmtree(data_dir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
