from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sentra.regions.loader import RegionDataError, load_regency
from sentra.regions.resolver import clear_cache


class Command(BaseCommand):
    help = (
        "Muat kecamatan dan desa/kelurahan sebuah kabupaten/kota menurut kode Kemendagri (mis. 33.20). "
        "Tanpa --files data nasional bawaan dipakai; dengan --files PREFIX dibaca PREFIX_kecamatan.csv "
        "dan PREFIX_desa.csv (format sama dengan data Bojonegoro)."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="kode kabupaten/kota, mis. 35.22")
        parser.add_argument("--files", help="awalan berkas, mis. data/jepara untuk data/jepara_kecamatan.csv")

    def handle(self, *args, code, files=None, **options):
        try:
            result = load_regency(code, Path(files) if files else None)
        except RegionDataError as exc:
            raise CommandError(str(exc)) from exc
        clear_cache()
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.regency}: {result.districts} kecamatan, {result.villages} desa/kelurahan dimuat."
            )
        )
