"""One set of rules for a registry record, whichever way it arrives: the staff form, the owner's form and a
spreadsheet import all call these, so a value refused in one is refused in the others, with the same words.

Each `check_*` raises ValidationError (Indonesian) or returns the value. Nothing is ever cut short: a text over
its limit is refused (form) or reported as a row error (import)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

FOUNDED_MIN = 1900  # the oldest IKM founding year accepted
REGISTERED_MIN = dt.date(1970, 1, 1)  # no regency registry is older
PERMIT_MIN = dt.date(1945, 8, 17)
PERMIT_VALID_YEARS = 100  # a permit valid further ahead than this is a typing error

# Text limits of the registry (the model's max_length), named for messages.
LIMITS = {
    "name": (200, _l("Nama usaha")),
    "owner_name": (150, _l("Nama pemilik")),
    "products": (255, _l("Produk utama")),
    "address": (255, _l("Alamat")),
    "email": (254, _l("E-mail")),
    "capacity_unit": (30, _l("Satuan kapasitas")),
    "permit_number": (60, _l("Nomor izin")),
    "permit_note": (200, _l("Keterangan izin")),
}


def _today(today=None) -> dt.date:
    return today or timezone.localdate()


def check_founded_year(year, today=None):
    if year in (None, ""):
        return year
    this_year = _today(today).year
    if not FOUNDED_MIN <= int(year) <= this_year:
        raise ValidationError(
            _("Tahun berdiri %(y)s di luar rentang %(lo)s–%(hi)s.") % {"y": year, "lo": FOUNDED_MIN, "hi": this_year},
            code="founded_year_range",
        )
    return year


def _date_range(value, lo: dt.date, hi: dt.date, label: str):
    if value is None:
        return value
    if not lo <= value <= hi:
        raise ValidationError(
            _("%(label)s %(d)s di luar rentang yang masuk akal (%(lo)s s.d. %(hi)s).")
            % {
                "label": label,
                "d": date_format(value, "j F Y"),
                "lo": date_format(lo, "j F Y"),
                "hi": date_format(hi, "j F Y"),
            },
            code="date_range",
        )
    return value


def check_registered_on(value, today=None):
    return _date_range(value, REGISTERED_MIN, _today(today), _("Tanggal terdaftar"))


def check_permit_issued(value, today=None):
    return _date_range(value, PERMIT_MIN, _today(today), _("Tanggal terbit izin"))


def check_permit_expires(value, today=None):
    today = _today(today)
    return _date_range(
        value,
        PERMIT_MIN,
        today.replace(year=today.year + PERMIT_VALID_YEARS, day=min(today.day, 28)),
        _("Tanggal berlaku izin"),
    )


def check_length(value: str, key: str) -> str:
    """Refuse a text over the limit of `key` (see LIMITS), saying how long it is."""
    limit, label = LIMITS[key]
    if value and len(value) > limit:
        raise ValidationError(
            _("%(label)s terlalu panjang: %(n)s karakter, paling banyak %(max)s.")
            % {"label": label, "n": len(value), "max": limit},
            code="too_long",
        )
    return value


def message(exc: ValidationError) -> str:
    return "; ".join(exc.messages)
