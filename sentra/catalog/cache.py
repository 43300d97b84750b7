"""Rendered public catalog pages are cached per process for a short time, under a generation
number that every catalog write bumps (stale at most CATALOG_CACHE_SECONDS in other processes).
`public_page` is the views' decorator: compression and the page cache, outside the views."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "catalog:generation"


def seconds() -> int:
    return settings.CATALOG_CACHE_SECONDS


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.set(GENERATION_KEY, value, None)
    return value


def bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def key(lang: str, full_path: str, host: str = "") -> str:
    """The host as the request named it, port included: a page rendered for another Host header (which
    ALLOWED_HOSTS lets through with any port) carries that host in its links and must not be served to others."""
    return f"catalog:page:{generation()}:{lang}:{host}:{full_path}"


_gzip = GZipMiddleware(lambda request: None)


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


# Only the head of the listing is worth a cache entry: its pages and the category pages. Searches
# and filter combinations are a long tail that a per-process cache of a few hundred entries only
# churns (measured: slower with the cache than without), and they are fast uncached.
CACHED_LISTING_PARAMS = {"page", "category"}


def public_page(view):
    """Compress public pages and serve anonymous GETs from a short per-process cache. The cache
    keeps the compressed bytes, so a hit costs no compression."""
    from sentra.catalog.i18n import current

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        ttl = seconds()
        if (
            request.method != "GET"
            or ttl <= 0
            or not set(request.GET) <= CACHED_LISTING_PARAMS
            or request.user.is_authenticated
        ):
            return _gzip.process_response(request, view(request, *args, **kwargs))
        gz = _accepts_gzip(request)
        page_key = key(current(), request.get_full_path(), request.get_host()) + (":gz" if gz else "")
        content = cache.get(page_key)
        if content is None:
            response = _gzip.process_response(request, view(request, *args, **kwargs))
            if response.status_code != 200 or response.cookies or response.streaming:
                return response
            cache.set(page_key, response.content, ttl)
        else:
            response = HttpResponse(content)
            if gz:
                response["Content-Encoding"] = "gzip"
            patch_vary_headers(response, ("Accept-Encoding",))
        response["Cache-Control"] = f"public, max-age={ttl}"
        return response

    return wrapped
