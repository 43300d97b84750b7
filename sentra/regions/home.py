"""Which regency this installation serves.

`setup_regency CODE` stores the choice in the database (regions.Site, one row), so a running server
follows it without a new environment variable; without that row the SENTRA_REGENCY_CODE setting
applies (the default, Bojonegoro 35.22). The row is read at most once per CACHE_SECONDS per process.
"""

import time

from django.conf import settings
from django.db import DatabaseError

CACHE_SECONDS = 5.0
_cache: dict[str, tuple[float, str | None, str]] = {}


def _site_row() -> tuple[str | None, str]:
    from sentra.regions.models import Site

    try:
        row = Site.objects.filter(pk=1).values_list("regency_id", "council_name").first()
    except DatabaseError:  # table not migrated yet (e.g. during migrate itself)
        return None, ""
    return row if row else (None, "")


def _read() -> tuple[str | None, str]:
    now = time.monotonic()
    hit = _cache.get("site")
    if hit and hit[0] > now:
        return hit[1], hit[2]
    code, name = _site_row()
    _cache["site"] = (now + CACHE_SECONDS, code, name)
    return code, name


def regency_code() -> str:
    """The Kemendagri code of the home regency (e.g. "35.22")."""
    code, _name = _read()
    return code or settings.SENTRA_REGENCY_CODE


def council_name() -> str:
    return _read()[1]


def clear_cache() -> None:
    _cache.clear()
