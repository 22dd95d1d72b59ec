"""The demo (README command 1) runs on a SQLite file behind Django's threaded server. A clerk
signing while the fill page's autosave is still in flight must never see "database is
locked" (a 500): the requests queue for SQLite's single writer instead."""

import base64
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.ops.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
FACILITIES = 6
AUTOSAVES = 12

# Run in the server's own database (a fresh SQLite file): facilities with a draft whose answers
# and required photos are in, and a logged-in session each.
PREPARE = r"""
import json
import django
django.setup()
from django.test import Client
from assessments.services import answer_save, photo_add
from tests.factories import UnitFactory, issued_facility
from tests.factories.assessments import draft, jpeg_bytes, make_template, upload

province = UnitFactory(code="11", name="Điện Biên", kind="province")
commune = UnitFactory(code="03127", name="Phường Điện Biên Phủ", kind="ward", parent=province)
template = make_template()
out = []
for n in range(%(facilities)d):
    facility = issued_facility(unit=commune, name=f"Cơ sở {n}")
    facility.user.must_change_password = False
    facility.user.save()
    assessment = draft(facility, template)
    items = list(assessment.version.items_in_order())
    for item in items:
        answer_save(assessment=assessment, item_id=item.pk, met=True)
        if item.photo_required:
            photo_add(assessment=assessment, item_id=item.pk, upload=upload("a.jpg", jpeg_bytes()), by=facility.user)
    client = Client()
    client.force_login(facility.user)
    out.append({"session": client.cookies["sessionid"].value, "pk": assessment.pk, "items": [i.pk for i in items]})
print("RESULT" + json.dumps(out))
"""


def _signature() -> str:
    from tests.factories.assessments import signature_png

    return "data:image/png;base64," + base64.b64encode(signature_png()).decode()


@pytest.fixture
def demo_server(tmp_path):
    """README command 1's server: runserver, DEBUG, the default SQLite file in DATA_DIR."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(DATA_DIR=str(tmp_path), DEBUG="True", DJANGO_SETTINGS_MODULE="safemap.settings")
    env.pop("CELERY_BROKER_URL", None)
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 300}
    r = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], **run)
    assert r.returncode == 0, r.stderr[-3000:]
    r = subprocess.run([sys.executable, "-c", PREPARE % {"facilities": FACILITIES}], **run)
    assert r.returncode == 0, r.stderr[-3000:]
    prepared = json.loads(r.stdout.split("RESULT", 1)[1])
    port = free_port()
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115  closed below
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/huong-dan/", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
                time.sleep(0.1)
        yield base, prepared, tmp_path / "server.log"
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _client(base, session) -> httpx.Client:
    csrf = "c" * 32  # the CSRF cookie's secret, sent back in the header as the fill page does
    return httpx.Client(
        base_url=base,
        cookies={"sessionid": session, "csrftoken": csrf},
        headers={"X-CSRFToken": csrf},
        timeout=60,
    )


def test_signing_while_autosaves_are_in_flight_never_answers_database_locked(demo_server):
    base, prepared, log = demo_server
    signature = _signature()
    start = threading.Barrier(2 * len(prepared))
    statuses: list[tuple[str, int]] = []
    lock = threading.Lock()

    def record(kind, response):
        with lock:
            statuses.append((kind, response.status_code))

    def autosave(f):
        with _client(base, f["session"]) as c:
            start.wait()
            for n in range(AUTOSAVES):
                item = f["items"][n % len(f["items"])]
                record("autosave", c.post(f"/danh-gia/{f['pk']}/muc/{item}/", data={"note": f"ghi chú {n}"}))

    def sign(f):
        with _client(base, f["session"]) as c:
            start.wait()
            record("complete", c.post(f"/danh-gia/{f['pk']}/hoan-thanh/"))
            data = {"signer_name": "Lò Văn Minh", "signer_position": "Giám đốc", "signature": signature}
            record("sign", c.post(f"/danh-gia/{f['pk']}/ky-xac-nhan/", data=data))

    threads = [threading.Thread(target=fn, args=(f,)) for f in prepared for fn in (autosave, sign)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    errors = [s for s in statuses if s[1] >= 500]
    assert len(statuses) == len(prepared) * (AUTOSAVES + 2)
    assert errors == [], (errors, log.read_text()[-3000:])
    assert "database is locked" not in log.read_text()
    # Every answer is a success or a clear refusal (409: already signed), never an error.
    assert {code for _kind, code in statuses} <= {200, 302, 409}
    assert any(kind == "sign" and code == 302 for kind, code in statuses)
