import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.accounts.test_settings import PRODUCTION
from tests.factories.security import ROLES
from tests.security.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["home", "login", "reports:public_map"])
def test_pages_carry_security_headers(client, url):
    r = client.get(reverse(url))
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["X-Frame-Options"] == "DENY"
    csp = r["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert (
        "'self'" in script_src and "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    )


def test_session_and_csrf_cookies_are_http_only_where_possible(client, facility_user):
    r = client.post(reverse("login"), {"username": "coso.a", "password": "Mat-khau-thu-9"})
    assert r.cookies["sessionid"]["httponly"]


def test_only_the_embeddable_map_may_be_framed(client):
    r = client.get(reverse("reports:embed_map"))
    assert r.status_code == 200
    assert "X-Frame-Options" not in r
    assert "frame-ancestors *" in r["Content-Security-Policy"]


# Every page type: the first role that may see each URL of the access matrix fetches it.


def _first_viewer(case):
    return next((role for role in ROLES if case.get and case.get[role] == 200), None)


def _pages():
    for name, cases in MATRIX.items():
        for case in cases:
            role = _first_viewer(case)
            if role:
                yield name, case, role
                break


def test_every_page_sends_the_security_headers_and_only_the_embed_may_be_framed(world, figures):
    checked = 0
    for name, case, role in _pages():
        url = reverse(name, kwargs=case.kwargs(world))
        r = world.client(role).get(url)
        if r.streaming:
            b"".join(r.streaming_content)
        assert r.status_code == 200, (url, role)
        assert r["X-Content-Type-Options"] == "nosniff", url
        assert r["Referrer-Policy"] == "same-origin", url
        csp = r["Content-Security-Policy"]
        if name == "reports:embed_map":
            assert "X-Frame-Options" not in r and "frame-ancestors *" in csp
        else:
            assert r["X-Frame-Options"] == "DENY", url
            assert "frame-ancestors 'none'" in csp, url
        checked += 1
    # Error pages too: a 404 must not be framable either.
    r = world.client("anon").get("/khong-co-trang-nay/")
    assert (
        r.status_code == 404 and r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"
    )
    figures["page types checked for headers"] = checked + 1
    assert checked >= 40


# Caching: a shared phone or office PC keeps nothing private. Only views that say their data
# is public (the public map data, revalidated by its ETag) and static files may be cached.

PUBLIC_DATA = {"reports:map_data"}
# The communes of a province: public reference data, the same for everyone, cached an hour.
PUBLIC_REFERENCE = {"reports:public_units"}
# The installable app's manifest and service worker: the same for everyone, no private data.
PUBLIC_APP = {"assessments:manifest", "assessments:service_worker"}


def test_nothing_private_is_stored_by_the_browser_only_public_map_data_is_cacheable(world, figures):
    checked = set()
    for name, case, role in _pages():
        r = world.client(role).get(reverse(name, kwargs=case.kwargs(world)))
        if r.streaming:
            b"".join(r.streaming_content)
        cache_control = r.get("Cache-Control", "")
        if name in PUBLIC_DATA:
            assert "public" in cache_control and "no-store" not in cache_control, (name, cache_control)
            assert r["ETag"]
        elif name in PUBLIC_APP:
            assert "public" in cache_control and "no-store" not in cache_control, (name, cache_control)
        elif name in PUBLIC_REFERENCE:
            assert "public" in cache_control and "max-age" in cache_control, (name, cache_control)
            assert "no-store" not in cache_control, name
        else:
            assert "no-store" in cache_control and "max-age" not in cache_control, (name, role, cache_control)
            assert "public" not in cache_control, name
        checked.add(name)
    # The ones the issue names: a photo, the facility page, an export download, officer pages.
    assert {
        "assessments:photo",
        "assessments:photo_thumb",
        "assessments:signature",
        "reports:facility_detail",
        "reports:export_download",
        "reports:suspension_xlsx",
        "reports:dashboard",
        "reports:officer_map_data",
    } <= checked
    # The list export is a POST answered with the file itself.
    r = world.client("province").post(reverse("reports:facility_export", kwargs={"fmt": "csv"}))
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    assert r["Cache-Control"] == "private, no-store"
    figures["page types checked for no-store"] = len(checked)


def test_a_logged_in_officer_still_revalidates_the_public_map_data_by_etag(world):
    client = world.client("province")
    first = client.get(reverse("reports:map_data"))
    assert first["Cache-Control"] == "public, no-cache" and first["ETag"]
    again = client.get(reverse("reports:map_data"), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_error_pages_and_redirects_are_not_stored_either(world):
    assert "no-store" in world.client("fac_a").get("/khong-co-trang-nay/")["Cache-Control"]
    assert "no-store" in world.client("anon").get(reverse("reports:dashboard"))["Cache-Control"]


def test_static_files_keep_their_own_caching(client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # no collectstatic in the test run
    r = client.get("/static/css/safemap.css")
    assert r.status_code == 200
    b"".join(r.streaming_content)
    assert "no-store" not in r.get("Cache-Control", "") and "public" in r["Cache-Control"]


def _policy(response) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))


def test_camera_only_on_the_fill_page_and_geolocation_only_on_the_location_picker(world):
    seen = set()
    for name, case, role in _pages():
        r = world.client(role).get(reverse(name, kwargs=case.kwargs(world)))
        policy = _policy(r)
        assert policy["camera"] == ("(self)" if name == "assessments:fill" else "()"), name
        assert policy["geolocation"] == ("(self)" if name == "reports:facility_edit" else "()"), name
        assert policy["microphone"] == policy["payment"] == policy["usb"] == "()", name
        seen.add(name)
    assert {"assessments:fill", "reports:facility_edit", "reports:public_map", "login"} <= seen
    # Error pages have no view of their own: everything off.
    assert _policy(world.client("anon").get("/khong-co-trang-nay/"))["camera"] == "()"


PRODUCTION_REQUEST = r"""
import json
import django
from django.test import override_settings
django.setup()
from django.conf import settings
from django.test import Client

out = {k: getattr(settings, k) for k in (
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS")}
# The hashed static manifest is built by collectstatic (tested in tests/ops); plain static
# URLs here keep this check about the security middleware.
static = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=static):
    c = Client()
    host = {"host": "safemap.example.vn"}
    plain = c.get("/dang-nhap/", headers=host)
    out["http_status"] = plain.status_code
    out["http_location"] = plain.get("Location", "")
    secure = c.get("/dang-nhap/", secure=True, headers=host)
    out["https_status"] = secure.status_code
    out["headers"] = dict(secure.headers)
    csrf = secure.cookies.get("csrftoken")
    out["csrf_cookie"] = {"secure": bool(csrf and csrf["secure"]), "samesite": csrf and csrf["samesite"]}
    # The language switcher in the footer sets a cookie of its own.
    switched = c.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True, headers=host)
    lang = switched.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    out["language_cookie"] = lang and {"secure": bool(lang["secure"]), "httponly": bool(lang["httponly"])}
print("RESULT" + json.dumps(out, default=str))
"""


def test_production_settings_force_https_hsts_and_secure_cookies(tmp_path):
    env = {
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "safemap.settings",
    }
    r = _run_python(PRODUCTION_REQUEST, env, tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout.split("RESULT", 1)[1])
    assert out["DEBUG"] is False
    assert out["SESSION_COOKIE_SECURE"] and out["CSRF_COOKIE_SECURE"] and out["SESSION_COOKIE_HTTPONLY"]
    assert out["SECURE_HSTS_SECONDS"] >= 31536000 and out["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    # Plain HTTP is sent to HTTPS; over HTTPS every header is there.
    assert out["http_status"] == 301 and out["http_location"].startswith("https://safemap.example.vn/")
    assert out["https_status"] == 200
    headers = out["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"].split("script-src", 1)[1].split(";")[0]
    assert out["csrf_cookie"]["secure"]
    # wapiti (docs/security-scan.md): a language cookie sent over plain HTTP and readable by scripts.
    assert out["language_cookie"] == {"secure": True, "httponly": True}


def _run_python(code, env, tmp_path):
    root = Path(__file__).resolve().parents[2]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={**clean, "DATA_DIR": str(tmp_path / "data"), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
