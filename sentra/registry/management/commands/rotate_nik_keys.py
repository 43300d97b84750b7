"""Re-encrypt every NIK with the newest key of SENTRA_NIK_KEYS (and recompute the hashes with --rehash)."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from sentra.registry.models import Owner
from sentra.registry.pii import fernet, nik_hash


def rotate_all(*, rehash: bool = False) -> int:
    """Rotate tokens in raw SQL so values are not decrypted and re-encrypted one field access at a time."""
    table = connection.ops.quote_name(Owner._meta.db_table)
    done = 0
    f = fernet()
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(f"SELECT id, nik FROM {table} WHERE nik <> ''")  # noqa: S608 - fixed identifiers
            rows = cur.fetchall()
        for pk, token in rows:
            new = f.rotate(token.encode()).decode()
            params = [new, pk]
            sql = f"UPDATE {table} SET nik = %s WHERE id = %s"  # noqa: S608
            if rehash:
                sql = f"UPDATE {table} SET nik = %s, nik_hash = %s WHERE id = %s"  # noqa: S608
                params = [new, nik_hash(f.decrypt(new.encode()).decode()), pk]
            with connection.cursor() as cur:
                cur.execute(sql, params)
            done += 1
    return done


class Command(BaseCommand):
    help = "Enkripsi ulang semua NIK dengan kunci terbaru SENTRA_NIK_KEYS (rotasi kunci)."

    def add_arguments(self, parser):
        parser.add_argument("--rehash", action="store_true", help="hitung ulang nik_hash (setelah ganti hash key)")

    def handle(self, *args, rehash=False, **options):
        count = rotate_all(rehash=rehash)
        self.stdout.write(f"{count} NIK dienkripsi ulang dengan kunci terbaru.")
