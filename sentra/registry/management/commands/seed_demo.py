from django.core.management.base import BaseCommand, CommandError

from sentra.registry.demo import DemoRefused, seed_demo


class Command(BaseCommand):
    help = "Buat data demo (rekaan) yang angkanya sama dengan angka pers: 1.762 IKM di 28 kecamatan."

    def handle(self, *args, **options):
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
