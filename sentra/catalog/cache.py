"""Rendered public catalog pages are cached per process for a short time, under a generation
number that every catalog write bumps (stale at most CATALOG_CACHE_SECONDS in other processes)."""

from django.core.cache import cache

from sentra.core.env import env_int

GENERATION_KEY = "catalog:generation"


def seconds() -> int:
    return env_int("CATALOG_CACHE_SECONDS", 60)


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
