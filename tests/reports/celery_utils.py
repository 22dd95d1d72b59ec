import socket
import threading
from contextlib import contextmanager

import pytest

from safemap.celery import app as celery_app

REDIS = ("127.0.0.1", 6379)
BROKER_DB, RESULTS_DB = 5, 6


def redis_is_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379")


def _forget_connections():
    # Celery caches the broker pool, the producer pool and the result backend.
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    celery_app._backend_cache = None
    celery_app._local = threading.local()


@contextmanager
def celery_configured(**conf):
    """Point the real Celery app somewhere else for one test, and not eagerly."""
    conf = {"task_always_eager": False, **conf}
    old = {key: celery_app.conf[key] for key in conf}
    celery_app.conf.update(conf)
    _forget_connections()
    try:
        yield celery_app
    finally:
        celery_app.conf.update(old)
        _forget_connections()
