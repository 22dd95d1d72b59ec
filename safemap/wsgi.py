import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safemap.settings")
application = get_wsgi_application()


def _load_broker_client():
    """The broker's transport and the result backend, loaded while the process starts rather
    than in the first request that queues a task (a signature's flag scan): for Redis that is
    1–2 s of imports, and under the import lock and the GIL every thread of the process waits
    with that request. No network: the connection is lazy."""
    from .celery import app

    with app.connection_for_write() as connection:
        connection.transport  # noqa: B018
    app.backend  # noqa: B018


_load_broker_client()
