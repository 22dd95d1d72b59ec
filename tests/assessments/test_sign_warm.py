"""The first signature a new web process takes is no slower than the next ones."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_web_process_loads_the_broker_client_before_its_first_signature():
    """Signing queues a flag scan; the Redis transport it needs is 1–2 s of imports, which must
    happen while the process starts, not inside the first facility's signature."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safemap.settings",
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",  # never contacted: loading needs no network
    }
    code = "import sys, safemap.wsgi; print('kombu.transport.redis' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "True"
