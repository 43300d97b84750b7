"""Error pages: styled, Indonesian, with the site's navigation."""

import logging

from django.http import HttpResponseServerError
from django.template import loader

log = logging.getLogger("sentra")


def server_error(request, template_name="500.html"):
    """The 500 page with the site's navigation; when even that cannot be drawn (the database may be the
    trouble: the menu reads the user and the regency), a plain page that needs nothing."""
    try:
        html = loader.render_to_string(template_name, request=request)
    except Exception:  # noqa: BLE001 - the error page must never fail
        log.exception("the 500 page could not be drawn with the site's navigation")
        html = loader.render_to_string("500_plain.html")
    return HttpResponseServerError(html)
