"""Computed figures, cached under the figures version so they stay exact after any edit.

The database gives `metrics_figuresversion.token` a new random value with every write to the tables the figures
are counted from — on PostgreSQL when the writing transaction commits, on SQLite at the write (triggers.py,
version_install_sql; tallies_rebuild too). A cache key holds the token, so an
edit makes every cached figure unreachable at once — nothing is ever invalidated by hand and there is no
"stale for N seconds". The token is read again after computing, and the result is stored only when it did not
change meanwhile (so figures counted while another transaction committed are not stored under the old token).

Django's cache framework: the per-process locmem cache by default; any shared backend (e.g. Redis through
`django.core.cache.backends.redis.RedisCache` in CACHES) works the same way. FIGURES_CACHE_SECONDS=0 turns the
cache off (every request counts from the tallies).
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.utils.translation import get_language

from sentra.metrics.triggers import ACTIVITY_VERSION, REGISTRY_VERSION

T = TypeVar("T")
CACHE_ALIAS = "default"
KEY_PREFIX = "sentra:figures:"


def cache_seconds() -> int:
    return settings.FIGURES_CACHE_SECONDS


REGISTRY = (REGISTRY_VERSION,)
ACTIVITY = (REGISTRY_VERSION, ACTIVITY_VERSION)


def figures_version(rows: tuple[int, ...] = REGISTRY, using: str = "default") -> str | None:
    """The current tokens of the version rows (as this connection sees them), or None when a row is missing
    (then nothing is cached)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT id, token FROM metrics_figuresversion")  # two rows
        tokens = dict(cursor.fetchall())
    if any(row not in tokens for row in rows):
        return None
    return ":".join(tokens[row] for row in rows)


def figures_key(*parts, version: str) -> str:
    """A cache key of `parts` (their repr) under `version`; the active language is always part of it."""
    raw = repr((version, get_language(), parts))
    return KEY_PREFIX + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


def cached_figures(parts: tuple, compute: Callable[[], T], *, rows: tuple[int, ...] = REGISTRY) -> T:
    """`compute()`, or its value cached under the current version of `rows` and `parts`."""
    return cached_figures_and_key(parts, compute, rows=rows)[0]


def cached_figures_and_key(
    parts: tuple, compute: Callable[[], T], *, rows: tuple[int, ...] = REGISTRY
) -> tuple[T, str | None]:
    """(value, key): the key is the one the value is cached under (None when caching is off). What is derived
    from the value (e.g. rendered HTML) may be cached under the same key: the value is never older than the
    version in the key, because the version is read before the value is computed."""
    seconds = cache_seconds()
    if connections["default"].in_atomic_block:
        # On PostgreSQL the version changes when a writing transaction commits: inside a transaction, figures
        # counted from its own uncommitted writes would be stored under a version that may outlive them (a
        # rollback). Requests run in autocommit, so only code inside transaction.atomic() counts afresh.
        return compute(), None
    version = figures_version(rows) if seconds > 0 else None
    if version is None:
        return compute(), None
    cache = caches[CACHE_ALIAS]
    key = figures_key(*parts, version=version)
    value = cache.get(key)
    if value is not None:
        return value, key
    value = compute()
    if figures_version(rows) == version:
        cache.set(key, value, seconds)
    return value, key
