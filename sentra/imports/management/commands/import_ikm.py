"""python manage.py import_ikm PATH [--dry-run] [--json] [--update] [--strict]"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sentra.imports.models import ImportBatch
from sentra.imports.progress import TerminalProgress
from sentra.imports.readers import ReadError, check_suffix, loaded_workbooks
from sentra.imports.services import ImportFailed, count_rows, run_import


class Command(BaseCommand):
    help = "Impor daftar IKM dari xlsx/xls/ods/csv ke registri (semua atau tidak sama sekali)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, tidak menyimpan")
        parser.add_argument("--json", action="store_true", help="cetak hasil sebagai satu objek JSON")
        parser.add_argument("--update", action="store_true", help="perbarui IKM lama yang cocok (bawaan: lewati)")
        parser.add_argument("--strict", action="store_true", help="simpan apa pun hanya bila tidak ada kesalahan")

    def handle(self, *args, path, dry_run, json: bool, update, strict, **options):
        if not Path(path).is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        try:
            check_suffix(path)
        except ReadError as exc:
            raise CommandError(str(exc)) from exc
        with loaded_workbooks():  # a workbook is parsed once, for the count and for the import
            total = count_rows(path)
            bar = TerminalProgress(sys.stderr, total, "Memeriksa" if dry_run else "Mengimpor")
            try:
                result = run_import(
                    path=path,
                    dry_run=dry_run,
                    on_match=ImportBatch.OnMatch.UPDATE if update else ImportBatch.OnMatch.SKIP,
                    strict=strict,
                    progress=bar.update,
                    total=total,
                )
            except ImportFailed as exc:
                bar.close()
                raise CommandError(str(exc)) from exc
        bar.close()
        if json:
            self.stdout.write(_json.dumps(result.as_json(), ensure_ascii=False))
            return
        verb = "akan dibuat" if dry_run else "dibuat"
        self.stdout.write(
            f"{result.rows} baris dibaca: {result.created} {verb}, {result.updated} diperbarui, "
            f"{result.duplicates} duplikat, {len(result.errors)} kesalahan."
        )
        for error in result.errors[:200]:
            self.stdout.write(f"  baris {error['row']}, kolom “{error['column']}”: {error['message']}")
        if len(result.errors) > 200:
            self.stdout.write(f"  … dan {len(result.errors) - 200} kesalahan lain (gunakan --json).")
        if result.batch_id:
            self.stdout.write(f"Batch impor #{result.batch_id}.")


_json = json
