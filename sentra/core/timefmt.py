"""Times as people in the regency read them: local time with its zone's Indonesian name."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

# Indonesia's three zones by their IANA names (Permendagri / Keppres 41/1987).
ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_label(name: str | None = None) -> str:
    """WIB/WITA/WIT for the configured zone, or the zone's own abbreviation elsewhere (e.g. UTC)."""
    name = name or settings.TIME_ZONE
    if name in ZONE_LABELS:
        return ZONE_LABELS[name]
    return timezone.localtime(timezone.now()).tzname() or name


def local_datetime(value, fmt: str = "j M Y H:i") -> str:
    """An aware datetime in the configured zone, with the zone named: '4 Des 2026 22:30 WIB'."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{date_format(value, fmt)} {zone_label()}"
    return date_format(value, "j M Y")
