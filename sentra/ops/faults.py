"""When the database cannot answer — SQLite's single write lock held by a large import, a PostgreSQL
server that restarted or terminated our connection, a full connection slot list — the user gets a clear
Indonesian "try again shortly" page (HTTP 503, Retry-After), never a bare 500.

Two nets catch these errors:

- `DatabaseUnavailableMiddleware.process_exception` for errors raised by views (also under DEBUG);
- `server_error` (handler500) for errors raised elsewhere, e.g. while a middleware saves the session.

Nothing here touches the database: the page is rendered without a request context. The broken
connection itself is dropped by Django at the end of the request (its errors_occurred flag and the
unusable check of close_old_connections), so the next request opens a new one; with persistent
connections, CONN_HEALTH_CHECKS makes the first query of each request notice a dead one.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("sentra.faults")

RETRY_AFTER_SECONDS = 30


def classify(exc: BaseException | None) -> str | None:
    """'locked' (SQLite write lock), 'unavailable' (connection lost / refused / server busy) or None."""
    if isinstance(exc, OperationalError):
        text = str(exc).lower()
        if "database is locked" in text or "database table is locked" in text:
            return "locked"
        return "unavailable"
    if isinstance(exc, InterfaceError):
        return "unavailable"
    return None


def unavailable_response(request, kind: str) -> HttpResponse:
    if kind == "locked":
        title = _("Sedang ada impor besar")
        text = _(
            "Sedang ada impor besar, coba lagi sebentar. Perubahan yang Anda kirim belum tersimpan; "
            "kirim ulang dalam satu atau dua menit."
        )
    else:
        title = _("Basis data sedang tidak terjangkau")
        text = _(
            "Sambungan ke basis data terputus atau sedang penuh (mungkin sedang dimulai ulang). Coba lagi "
            "sebentar; perubahan yang Anda kirim belum tersimpan."
        )
    wants_json = request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")
    if wants_json:
        response = JsonResponse({"detail": text}, status=503)
    else:
        html = render_to_string("ops/unavailable.html", {"title": title, "text": text})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        kind = classify(exception)
        if kind is None:
            return None
        logger.warning("database %s during %s %s: %s", kind, request.method, request.path, exception)
        return unavailable_response(request, kind)


def server_error(request):
    """handler500: the same page for a database fault raised outside a view; the site's 500 page otherwise."""
    from sentra.core.views import server_error as site_server_error

    kind = classify(sys.exc_info()[1])
    if kind is not None:
        return unavailable_response(request, kind)
    return site_server_error(request)
