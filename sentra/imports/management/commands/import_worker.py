"""python manage.py import_worker [--once]: runs queued imports from the web. No broker: batches are
claimed with a conditional UPDATE, so several workers may run. Stops cleanly on SIGTERM/SIGINT.

A claim is a lease kept alive by a heartbeat: batches left running by a worker that is gone are offered
again (batches.recover_abandoned_batches). A lost database connection (PostgreSQL restarted) is dropped
and opened again on the next round."""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connection

from sentra.imports.batches import batch_run, claim_next_batch, recover_abandoned_batches, worker_name

RECOVERY_EVERY = 10.0  # seconds between looks for batches of workers that are gone


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space (RLIMIT_AS; its cleaning child inherits it). The worker parses whole
    workbooks: one that passes the size and extent checks (imports/guard.py) and still explodes in the reader
    ends this process — a batch left running is offered again by the lease — never the web server."""
    if megabytes <= 0:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover — not on Windows
        return
    wanted = megabytes * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or wanted < soft:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


class Command(BaseCommand):
    help = "Menjalankan impor yang diantre dari web."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="kerjakan yang ada lalu berhenti")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument(
            "--memory-mb",
            type=int,
            default=None,
            help="batas memori pekerja (MB; bawaan IMPORT_WORKER_MEMORY_MB, 0 = tanpa batas)",
        )

    def handle(self, *args, once, interval, memory_mb=None, **options):
        self.stopping = False
        limit_memory(settings.IMPORT_WORKER_MEMORY_MB if memory_mb is None else memory_mb)

        def stop(signum, frame):
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        name = worker_name()
        last_recovery = 0.0
        while not self.stopping:
            if not connection.in_atomic_block:  # (inside a test's transaction the connection must stay)
                close_old_connections()
            try:
                if time.monotonic() - last_recovery >= RECOVERY_EVERY:
                    last_recovery = time.monotonic()
                    for pk in recover_abandoned_batches():
                        self.stderr.write(f"Batch #{pk}: pekerjanya berhenti; ditawarkan lagi.")
                batch = claim_next_batch(name)
            except DatabaseError as exc:
                # e.g. the server restarted: drop the broken connection, the next round opens a new one
                self.stderr.write(f"Basis data tidak terjangkau ({exc}); mencoba lagi.")
                if not connection.in_atomic_block:
                    connection.close()
                if once:
                    break
                time.sleep(interval)
                continue
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
