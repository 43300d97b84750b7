"""Writes of the regions app: setting an installation up for a regency."""

import re
from dataclasses import dataclass

from django.db import transaction

from sentra.regions import home
from sentra.regions.loader import RegionDataError, load_regency, national_regency
from sentra.regions.models import Site

CODE_RE = re.compile(r"^\d{2}\.\d{2}$")


@dataclass
class SetupResult:
    code: str
    name: str
    council_name: str
    districts: int
    villages: int
    has_map: bool
    sectors: list[str]


def default_council_name(regency_name: str) -> str:
    return f"Dekranasda {regency_name}"


def regency_setup(code: str, council_name: str = "") -> SetupResult:
    """Regions, sector list and the installation's regency (Site row) for `code`, in one transaction.
    Refused (RegionDataError, Indonesian message) for an unknown code or when the registry already
    holds businesses of another regency."""
    from sentra.dashboard import maps
    from sentra.regions.resolver import clear_cache
    from sentra.registry.models import Business
    from sentra.registry.reference import sectors_load

    code = (code or "").strip()
    if not CODE_RE.match(code):
        raise RegionDataError(
            f"Kode wilayah “{code}” tidak sah: tulis kode kabupaten/kota Kemendagri seperti 33.20 (Jepara)."
        )
    row = national_regency(code)
    if row is None:
        raise RegionDataError(
            f"Kode wilayah {code} tidak dikenal: tidak ada kabupaten/kota dengan kode itu dalam daftar Kemendagri "
            "(Kepmendagri 300.2.2-2138/2025). Contoh: 35.22 Bojonegoro, 33.20 Jepara, 35.24 Lamongan, 16.10 Ogan Ilir."
        )
    if Business.objects.exclude(district__regency_id=code).exists():
        raise RegionDataError(
            "Registri sudah berisi IKM wilayah lain; setup_regency hanya untuk instalasi yang masih kosong. "
            "Tidak ada yang diubah."
        )
    council_name = (council_name or "").strip() or default_council_name(row["name"])
    with transaction.atomic():
        loaded = load_regency(code)
        sectors = sectors_load(code)
        Site.objects.update_or_create(pk=1, defaults={"regency_id": code, "council_name": council_name[:200]})
    home.clear_cache()
    clear_cache()
    try:
        from sentra.catalog import public_read

        public_read.forget_regions()
    except ImportError:  # pragma: no cover - the catalog app is always installed today
        pass
    return SetupResult(
        code=code,
        name=row["name"],
        council_name=council_name,
        districts=loaded.districts,
        villages=loaded.villages,
        has_map=maps.polygon_file(code) is not None,
        sectors=[s["name"] for s in sectors],
    )
