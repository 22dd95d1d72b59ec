"""Lighthouse on the pages people open on a phone, as production serves them: gunicorn with
DEBUG off on loopback, static files collected and pre-compressed by WhiteNoise, the demo province.

Mobile preset (Moto G power, simulated slow 4G: 150 ms RTT, 1.6 Mbit/s, CPU ×4) on the fill page,
the facility home, login, the public map and the dashboard; the logged-in pages get the session
cookie of a real login through --extra-headers. Prints each page's scores against the goals:
performance ≥ 95 (public map ≥ 90), accessibility 100, best practices 100. A benchmark, not a
test: it prints and never fails.

    uv run python benchmarks/lighthouse.py [--database-url postgres://…] [--runs 1]

Lighthouse 12.2.3 is installed on first use with npm into benchmarks/node_modules (gitignored);
Chromium from CHROME_PATH (default /usr/bin/chromium)."""

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from load import create_database, start_gunicorn, stop  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/safemap_lighthouse"
PASSWORD = "safemap-demo"
CATEGORIES = ("performance", "accessibility", "best-practices")
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100}
GOALS_BY_PAGE = {"public map": {"performance": 90}}

# The demo facility's open draft (made if it has none): the page a facility fills on its phone.
DRAFT = """
from accounts.models import Facility
from checklists.models import Template
from assessments.services import assessment_start
f = Facility.objects.get(user__username="coso.demo")
t = next(t for t in Template.objects.filter(is_active=True).order_by("pk") if t.applies_to(f))
print(assessment_start(facility=f, template=t, by=f.user).pk)
"""


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(HERE),
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )


def server_env(database_url: str, data_dir: Path) -> dict:
    """The production settings module, DEBUG off; plain HTTP on loopback."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safemap.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "DATA_DIR": str(data_dir),
        "MEDIA_ROOT": str(data_dir / "media"),
        "STATIC_ROOT": str(data_dir / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MAP_TILE_URL": "",  # no network: the map draws its dots without a tile layer
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def session_cookie(base_url: str, username: str) -> str:
    """Log in through the form, as a person does; the cookies are read by hand because they
    are marked Secure (production settings) and this is plain HTTP on loopback."""
    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=30) as client:
        page = client.get("/dang-nhap/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        cookie = re.search(r"csrftoken=([^;]+)", page.headers.get("set-cookie", "")).group(1)
        response = client.post(
            "/dang-nhap/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf},
            headers={"Cookie": f"csrftoken={cookie}", "Referer": f"{base_url}/dang-nhap/"},
        )
        sessions = [c for c in response.headers.get_list("set-cookie") if c.startswith("sessionid=")]
        if response.status_code != 302 or not sessions:
            raise SystemExit(f"login as {username} failed: {response.status_code}")
        return sessions[0].split(";")[0]


def lighthouse(url: str, cookie: str | None, out: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        "--throttling-method=simulate",
        "--chrome-flags=--headless --no-sandbox",
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    # Lighthouse itself asks to be run again when Chromium's trace misses the navigation
    # (NO_NAVSTART), which a loaded machine makes happen now and then.
    for attempt in range(3):
        if subprocess.run(command, env=env).returncode == 0:
            break
        print(f"lighthouse failed on {url}, attempt {attempt + 1} of 3", file=sys.stderr)
    else:
        raise SystemExit(f"lighthouse failed three times on {url}")
    report = json.loads(out.read_text())
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failing = [
        a["id"]
        for a in report["audits"].values()
        if a.get("score") is not None
        and a["score"] < 0.9
        and a.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    document = report["audits"]["network-requests"]["details"]["items"][0]
    return {
        "scores": scores,
        "failing": failing,
        "lcp": report["audits"]["largest-contentful-paint"]["displayValue"],
        "html": f"{document['transferSize'] / 1024:.1f}/{document['resourceSize'] / 1024:.0f} KB",
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--database-url", default=os.environ.get("LIGHTHOUSE_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is printed")
    args = parser.parse_args()

    ensure_lighthouse()
    create_database(args.database_url)
    data_dir = Path(tempfile.mkdtemp(prefix="safemap-lighthouse-"))
    env = server_env(args.database_url, data_dir)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "-v0")
    draft = manage(env, "shell", "-c", DRAFT).strip().splitlines()[-1]

    server = start_gunicorn(env, args.port, workers=2, threads=4)
    base = f"http://127.0.0.1:{args.port}"
    try:
        facility, officer = session_cookie(base, "coso.demo"), session_cookie(base, "so.dienbien")
        pages = [
            ("fill page", f"/danh-gia/{draft}/dien/", facility),
            ("facility home", "/co-so/", facility),
            ("login", "/dang-nhap/", None),
            ("public map", "/ban-do/", None),
            ("dashboard", "/quan-ly/", officer),
        ]
        out_dir = ROOT / "benchmarks" / "out"
        out_dir.mkdir(parents=True, exist_ok=True)
        print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile, simulated slow 4G; load average {os.getloadavg()}")
        print(
            f"{'page':<15}{'perf':>6}{'a11y':>6}{'best':>6}  LCP      HTML sent/size  below goal; audits under 0.9"
        )
        for label, path, cookie in pages:
            runs = [
                lighthouse(base + path, cookie, out_dir / f"lighthouse-{label.replace(' ', '-')}.json")
                for _ in range(args.runs)
            ]
            scores = {c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES}
            goals = {**GOALS, **GOALS_BY_PAGE.get(label, {})}
            below = [c for c in CATEGORIES if scores[c] < goals[c]]
            print(
                f"{label:<15}{scores['performance']:>6.0f}{scores['accessibility']:>6.0f}"
                f"{scores['best-practices']:>6.0f}  {runs[-1]['lcp']:<8} {runs[-1]['html']:<15} "
                f"{', '.join(below) or 'goals met'}; {', '.join(runs[-1]['failing']) or '-'}"
            )
        print(f"load average after: {os.getloadavg()}")
    finally:
        stop(server)


if __name__ == "__main__":
    main()
