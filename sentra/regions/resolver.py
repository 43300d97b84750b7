"""Resolve what people write for a kecamatan (and a desa within it) to a region.

Handles case, spacing and punctuation, "Kec."/"Kecamatan"/"Desa"/"Kel." prefixes,
split or joined words ("Kedung Adem" → Kedungadem), old spellings with a single
letter where today's has a double one ("Sumberejo" → Sumberrejo), Kemendagri codes,
and small typos. When the text is unclear it says so in Indonesian, naming the
closest candidates — it never guesses between two close names.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from sentra.regions import home
from sentra.regions.models import District, Village

DISTRICT_PREFIXES = ("kecamatan", "kec")
VILLAGE_PREFIXES = ("kelurahan", "desa", "kel", "ds")
# A fuzzy match is accepted only when it scores at least this and clearly beats the runner-up.
ACCEPT_SCORE = 88
MARGIN = 6
SUGGEST_SCORE = 60


@dataclass
class Resolution:
    value: object | None  # District / Village or None
    message: str = ""  # Indonesian explanation when value is None
    candidates: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.value is not None


def normalize(text: str, prefixes: tuple[str, ...] = ()) -> str:
    """Lower-case ASCII letters and digits only, region prefixes removed: 'Kec. Kedung Adem' → 'kedungadem'."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower().strip()
    for prefix in prefixes:
        text = re.sub(rf"^{prefix}\b\.?\s*", "", text)
    return re.sub(r"[^a-z0-9]", "", text)


def squeeze(key: str) -> str:
    """Collapse doubled letters, so old and new spellings meet: sumberrejo/sumberejo → sumberejo."""
    return re.sub(r"(.)\1+", r"\1", key)


def _code_key(text: str) -> str:
    return re.sub(r"[^0-9]", "", str(text))


def _resolve(text, options: dict[str, object], prefixes, kind_label: str, scope_label: str) -> Resolution:
    """options: display name → object."""
    raw = "" if text is None else str(text).strip()
    if not raw:
        return Resolution(None, f"{kind_label} kosong.")
    key = normalize(raw, prefixes)
    if not key:
        return Resolution(None, f"{kind_label} “{raw}” tidak dapat dibaca.")

    exact = [obj for name, obj in options.items() if normalize(name) == key]
    if len(exact) == 1:
        return Resolution(exact[0])
    loose = [obj for name, obj in options.items() if squeeze(normalize(name)) == squeeze(key)]
    if len(loose) == 1:
        return Resolution(loose[0])

    digits = _code_key(raw)
    if digits and digits == key:
        by_code = [obj for obj in options.values() if _code_key(obj.code) == digits]
        if len(by_code) == 1:
            return Resolution(by_code[0])

    keyed = {squeeze(normalize(name)): name for name in options}
    matches = process.extract(squeeze(key), list(keyed), scorer=fuzz.ratio, limit=3)
    names = [keyed[m[0]] for m in matches if m[1] >= SUGGEST_SCORE]
    if matches:
        best_score = matches[0][1]
        runner_up = matches[1][1] if len(matches) > 1 else 0
        if best_score >= ACCEPT_SCORE and best_score - runner_up >= MARGIN:
            return Resolution(options[keyed[matches[0][0]]])
    candidates = [options[n] for n in names]
    if names:
        listed = ", ".join(names)
        return Resolution(
            None,
            f"{kind_label} “{raw}” tidak dikenali{scope_label}. Mungkin maksud Anda: {listed}?",
            candidates,
        )
    return Resolution(None, f"{kind_label} “{raw}” tidak dikenali{scope_label}.")


@lru_cache(maxsize=32)
def _district_options(regency_code: str) -> tuple:
    return tuple(District.objects.filter(regency_id=regency_code).order_by("code"))


@lru_cache(maxsize=4096)
def _village_options(district_code: str) -> tuple:
    return tuple(Village.objects.filter(district_id=district_code).order_by("code"))


def warm(regency_code: str | None = None) -> None:
    """Read the regency's kecamatan and desa into the caches now, so that resolving needs no database later
    (the import cleans rows in a second process that has none)."""

    for district in _district_options(regency_code or home.regency_code()):
        _village_options(district.code)


def clear_cache():
    _district_options.cache_clear()
    _village_options.cache_clear()


def resolve_district(text, regency_code: str | None = None) -> Resolution:
    code = regency_code or home.regency_code()
    options = {d.name: d for d in _district_options(code)}
    return _resolve(text, options, DISTRICT_PREFIXES, "Kecamatan", "")


def resolve_village(text, district: District) -> Resolution:
    options = {v.name: v for v in _village_options(district.code)}
    return _resolve(text, options, VILLAGE_PREFIXES, "Desa/kelurahan", f" di Kecamatan {district.name}")
