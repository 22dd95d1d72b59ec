"""Error pages: never a traceback, and the server error page never needs the database."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static

# Long enough for PostgreSQL to restart, short enough that a person does not give up.
RETRY_AFTER_SECONDS = 10


def server_error(request):
    """handler500. Django calls it while the exception is being handled, so sys.exc_info()
    tells a lost database connection (temporary: 503 with Retry-After, so clients retry) from
    a bug (500)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def favicon(request):
    """/favicon.ico, which browsers ask for on pages without a <link rel="icon"> (admin, files
    opened directly): the static icon, under its cache-busting name."""
    return redirect(static("favicon.ico"), permanent=True)
