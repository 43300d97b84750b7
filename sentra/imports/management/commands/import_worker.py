"""python manage.py import_worker [--once]: runs queued imports from the web. No broker: batches are
claimed with a conditional UPDATE, so several workers may run. Stops cleanly on SIGTERM/SIGINT."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from sentra.imports.batches import batch_run, claim_next_batch, worker_name


class Command(BaseCommand):
    help = "Menjalankan impor yang diantre dari web."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="kerjakan yang ada lalu berhenti")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, once, interval, **options):
        self.stopping = False

        def stop(signum, frame):
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        name = worker_name()
        while not self.stopping:
            if not connection.in_atomic_block:  # (inside a test's transaction the connection must stay)
                close_old_connections()
            batch = claim_next_batch(name)
            if batch is None:
                if once:
                    break
                time.sleep(interval)
                continue
            self.stdout.write(f"Batch #{batch.pk} ({batch.file_name}): {batch.get_status_display()}")
            try:
                batch_run(batch)
            except Exception as exc:  # noqa: BLE001 — logged; the batch is marked failed, the worker goes on
                self.stderr.write(f"Batch #{batch.pk} gagal: {exc}")
