"""gunicorn settings shared by the Docker image and docker-compose (``--config gunicorn.conf.py``;
gunicorn also reads this file by itself when started from this folder). Bind address and
worker counts stay on the command line."""

import gunicorn.http.wsgi

# gunicorn names itself in every response ("Server: gunicorn", with its version before 20.0).
# It has no setting for this: since 20.0 the header is gunicorn.http.wsgi.SERVER, read when
# each response starts, so replacing it here (in the master, before workers fork) is enough.
gunicorn.http.wsgi.SERVER = "SafeMap"
