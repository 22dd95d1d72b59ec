import os
import subprocess
import sys
from pathlib import Path

import pytest

from safemap.settings import envbool

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "k7#Qz!9vR2mX$pL4wT8nB1yC6hJ3fD0sG5aE-uI_oP=rV^tN*e",
    "ALLOWED_HOSTS": "safemap.example.vn",
    "DATABASE_URL": "postgres://safemap@127.0.0.1:5432/safemap",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6379/1",
    "REDIS_URL": "redis://127.0.0.1:6379/2",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DATA_DIR": str(ROOT / "var" / "check"), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    r = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert r.returncode == 0, r.stdout + r.stderr


def test_missing_secret_key_stops_production_start():
    r = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert r.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in r.stderr


def test_demo_defaults_are_flagged_by_check_deploy():
    demo = {**PRODUCTION, "DATABASE_URL": "", "SECRET_KEY": "", "DEBUG": "True"}
    r = manage("check", "--deploy", "--fail-level", "WARNING", **demo)
    out = r.stdout + r.stderr
    assert r.returncode != 0
    assert "safemap.W001" in out and "safemap.E001" in out


def test_bad_boolean_is_refused_loudly():
    r = manage("check", DEBUG="maybe")
    assert r.returncode != 0
    assert "Unexpected value DEBUG=maybe, use 1/0, true/false, yes/no or on/off" in r.stderr


def test_debug_1_starts():
    r = manage("check", DEBUG="1")
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("value", ["1", "true", "True", "TRUE", "yes", "Yes", "on", "ON", " true "])
def test_boolean_settings_accept_the_usual_spellings_of_yes(monkeypatch, value):
    monkeypatch.setenv("SAFEMAP_TEST_FLAG", value)
    assert envbool("SAFEMAP_TEST_FLAG", "False") is True


@pytest.mark.parametrize("value", ["0", "false", "False", "FALSE", "no", "No", "off", "OFF", ""])
def test_boolean_settings_accept_the_usual_spellings_of_no(monkeypatch, value):
    monkeypatch.setenv("SAFEMAP_TEST_FLAG", value)
    assert envbool("SAFEMAP_TEST_FLAG", "True") is False


def test_unset_boolean_takes_its_default(monkeypatch):
    monkeypatch.delenv("SAFEMAP_TEST_FLAG", raising=False)
    assert envbool("SAFEMAP_TEST_FLAG", "True") is True


@pytest.mark.parametrize("url", ["https://tiles.example.vn/{z}/{x}/{y}.png"])
def test_custom_tile_url_is_accepted(url):
    assert manage("check", MAP_TILE_URL=url).returncode == 0


def test_tile_url_without_placeholders_is_an_error():
    r = manage("check", MAP_TILE_URL="https://tiles.example.vn/tile.png")
    assert r.returncode != 0 and "safemap.E002" in r.stdout + r.stderr
