import sys

from django.core.management.base import BaseCommand, CommandError

from sentra.regions.loader import RegionDataError, national_regency
from sentra.regions.services import default_council_name, regency_setup


class Command(BaseCommand):
    help = (
        "Siapkan instalasi kosong untuk sebuah kabupaten/kota menurut kode Kemendagri (mis. 33.20): "
        "kecamatan dan desa, peta kecamatan bila tersedia, daftar sektor, dan nama dewan/kantor."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="kode kabupaten/kota Kemendagri, mis. 33.20 (Jepara)")
        parser.add_argument("--name", help="nama dewan/kantor, mis. “Dekranasda Kabupaten Jepara”")
        parser.add_argument("--no-input", "--noinput", action="store_true", dest="no_input", help="jangan bertanya")

    def handle(self, *args, code, name=None, no_input=False, **options):
        row = national_regency(code.strip())
        if name is None and row is not None and not no_input and sys.stdin.isatty():
            suggestion = default_council_name(row["name"])
            answer = input(f"Nama dewan/kantor untuk {row['name']} [{suggestion}]: ").strip()
            name = answer or suggestion
        try:
            result = regency_setup(code, name or "")
        except RegionDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{result.name} ({result.code}) siap untuk {result.council_name}."))
        self.stdout.write(f"Wilayah: {result.districts} kecamatan, {result.villages} desa/kelurahan.")
        if result.has_map:
            self.stdout.write("Peta kecamatan: tersedia.")
        else:
            self.stdout.write(
                f"Peta kecamatan: belum tersedia; /statistik/ menampilkan tabel. Tambahkan {result.code}.geojson "
                "(lihat docs/peta.md)."
            )
        self.stdout.write(f"Sektor ({len(result.sectors)}): {', '.join(result.sectors)}.")
        self.stdout.write(
            f"Berikutnya, untuk mencoba dengan data rekaan: python manage.py seed_demo --regency {result.code} "
            "--businesses 500"
        )
