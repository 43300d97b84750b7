from django.core.management.base import BaseCommand, CommandError

from sentra.regions import home
from sentra.registry.demo import DemoRefused, demo_users_create, seed_app_demos, seed_demo


class Command(BaseCommand):
    help = (
        "Buat data demo (rekaan) yang angkanya sama dengan angka pers: 1.762 IKM di 28 kecamatan. "
        "Dengan --regency KODE --businesses N: N usaha demo di kecamatan wilayah lain (setelah setup_regency KODE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regency", help="kode kabupaten/kota Kemendagri, mis. 33.20 (Jepara)")
        parser.add_argument("--businesses", type=int, help="jumlah usaha demo (bawaan 500 dengan --regency)")

    def handle(self, *args, regency=None, businesses=None, **options):
        if regency is None and businesses is None:
            return self._press_figures()
        from django.db import transaction

        from sentra.registry.demo_regency import seed_regency_demo

        code = regency or home.regency_code()
        if code != home.regency_code():
            raise CommandError(
                f"Instalasi ini disiapkan untuk wilayah {home.regency_code()}, bukan {code}. "
                f"Jalankan dahulu: python manage.py setup_regency {code}"
            )
        try:
            with transaction.atomic():
                created = seed_regency_demo(code, businesses if businesses is not None else 500)
                users = demo_users_create()
                seed_app_demos()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        if created:
            self.stdout.write(self.style.SUCCESS(f"{created} IKM demo (rekaan) dibuat di wilayah {code}."))
        else:
            self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
        if users:
            self.stdout.write(f"{users} pengguna demo dibuat (kata sandi: sentra-demo).")

    def _press_figures(self):
        try:
            result = seed_demo()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        if result.businesses_created:
            self.stdout.write(self.style.SUCCESS(f"{result.businesses_created} IKM demo dibuat."))
        else:
            self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
        if result.users_created:
            self.stdout.write(f"{result.users_created} pengguna demo dibuat (kata sandi: sentra-demo).")
