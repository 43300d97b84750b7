from django.core.management.base import BaseCommand, CommandError

from sentra.federation.services import member_register


class Command(BaseCommand):
    help = (
        "Hub: daftarkan (atau perbarui) kabupaten/kota anggota dengan kunci publiknya; mencetak kunci kirim "
        "baru untuk wilayah itu (hanya sekali ditampilkan)."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="kode kabupaten/kota Kemendagri, mis. 33.20")
        parser.add_argument("--kunci-publik", required=True, dest="public_key", help="keluaran federation_key wilayah")
        parser.add_argument("--url-sumber", default="", dest="source_url", help="URL .../data/federasi/terbaru.json")
        parser.add_argument("--url-publik", default="", dest="public_url", help="URL halaman /statistik/ wilayah")

    def handle(self, *args, code, public_key, source_url="", public_url="", **options):
        try:
            member, push_key = member_register(
                regency_code=code, public_key=public_key, source_url=source_url, public_url=public_url
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{member.name} ({member.regency_code}) terdaftar."))
        self.stdout.write(f"Kunci kirim (simpan, hanya ditampilkan sekali): {push_key}")
