"""Faults of importing processes: kill -9 of `import_ikm` or `import_worker` leaves no cleaning process
behind, and a batch whose worker is gone is offered again with an Indonesian message."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from sentra.imports.batches import ABANDONED_COMMIT, heartbeat, last_heartbeat, recover_abandoned_batches
from sentra.imports.models import ImportBatch
from sentra.imports.progress import read_progress
from sentra.imports.tests.helpers import HEADER, row, write_csv

ROOT = Path(__file__).resolve().parents[3]
ROWS = 30_000  # ~2.4 MB of csv: past PARALLEL_MIN_BYTES, so cleaning runs in a forked second process
S = ImportBatch.Status


def _database_url(tmp_path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'faults.sqlite3'}"
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _env(tmp_path, url, **extra):
    env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1", "MEDIA_ROOT": str(tmp_path / "media")}
    env.update(extra)
    if url.startswith("sqlite") and not Path(url.removeprefix("sqlite:///")).exists():
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env


def _query(url: str, sql: str):
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute(sql).fetchone()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def _big_file(tmp_path) -> Path:
    rows = [HEADER] + [row(i, f"Usaha Uji {i}", owner=f"Pemilik {i}", nib=f"{1000000000000 + i}") for i in range(ROWS)]
    return write_csv(tmp_path / "big.csv", rows)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever adopts it, but holds nothing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _kill_and_expect_no_orphan(proc: subprocess.Popen, children: list[int]):
    assert children, "the import must have forked its cleaning process"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(pid) for pid in children):
        time.sleep(0.1)
    alive = [pid for pid in children if _running(pid)]
    for pid in alive:  # do not leave it behind for the rest of the suite
        os.kill(pid, signal.SIGKILL)
    assert alive == [], "the cleaning process outlived the killed import"


def _wait_for_server_to_drop_the_killed_session():
    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.django_db(transaction=True)
def test_sigkill_of_import_ikm_leaves_no_cleaning_process(reference_data, tmp_path):
    url = _database_url(tmp_path)
    env = _env(tmp_path, url)
    path = _big_file(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "import_ikm", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line or (line.startswith("Mengimpor:") and int(line.split()[1].split("/")[0]) > 0):
            break
    children = _children(proc.pid)
    _kill_and_expect_no_orphan(proc, children)
    if not url.startswith("sqlite"):
        _wait_for_server_to_drop_the_killed_session()
    assert _query(url, "SELECT count(*) FROM registry_business")[0] == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_commit_leaves_no_orphan_and_the_batch_is_offered_again(reference_data, tmp_path):
    url = _database_url(tmp_path)
    env = _env(tmp_path, url, SENTRA_IMPORT_LEASE_SECONDS="2")
    path = _big_file(tmp_path)
    script = (
        "from sentra.imports.services import read_table; from sentra.imports.models import ImportBatch; "
        f"t = read_table({str(path)!r}); "
        "b = ImportBatch.objects.create(file_name='big.csv', file_hash='x', stored_file=" + repr(str(path)) + ", "
        "mapping={str(k): v for k, v in t.mapping.items()}, report={'headers': t.headers, "
        "'header_row': t.header_row}, status='commit_q'); print('BATCH', b.pk)"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    [pk] = [int(line.split()[1]) for line in out.stdout.splitlines() if line.startswith("BATCH")]

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "import_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    progress_file = tmp_path / "media" / "imports" / "progress" / f"{pk}.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            progress = json.loads(progress_file.read_text())
        except (OSError, ValueError):
            progress = {}
        if progress.get("phase") == "menyimpan" and progress.get("done", 0) > 0:
            break
        time.sleep(0.05)
    assert progress.get("done", 0) > 0, "the worker must be killed while it writes"
    _kill_and_expect_no_orphan(worker, _children(worker.pid))
    if not url.startswith("sqlite"):
        _wait_for_server_to_drop_the_killed_session()

    # What main did: the batch stays "commit" for ever. Nothing of it was written.
    assert _query(url, f"SELECT status FROM imports_importbatch WHERE id = {pk}")[0] == S.COMMITTING
    assert _query(url, "SELECT count(*) FROM registry_business")[0] == 0

    time.sleep(2.5)  # the lease runs out
    done = subprocess.run(
        [sys.executable, "manage.py", "import_worker", "--once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert f"Batch #{pk}: pekerjanya berhenti; ditawarkan lagi." in done.stderr, done.stderr
    status, message = _query(url, f"SELECT status, message FROM imports_importbatch WHERE id = {pk}")
    assert status == S.CHECKED  # "siap disimpan": the commit page offers it again
    assert "tidak ada data dari berkas ini yang tersimpan" in message and "Silakan simpan lagi" in message
    assert _query(url, "SELECT count(*) FROM registry_business")[0] == 0


@pytest.mark.django_db
def test_recovery_only_takes_batches_whose_lease_ran_out(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SENTRA_IMPORT_LEASE_SECONDS = 30
    alive = ImportBatch.objects.create(file_name="a.csv", file_hash="x", status=S.COMMITTING, worker="w:1")
    stale = ImportBatch.objects.create(file_name="b.csv", file_hash="x", status=S.COMMITTING, worker="w:2")
    never = ImportBatch.objects.create(file_name="c.csv", file_hash="x", status=S.CHECKING, worker="w:3")
    done = ImportBatch.objects.create(file_name="d.csv", file_hash="x", status=S.COMMITTED, worker="w:4")
    with heartbeat(alive, every=0.05), heartbeat(stale, every=3600):
        first = last_heartbeat(alive.pk)
        time.sleep(0.2)
        assert last_heartbeat(alive.pk) > first  # the heartbeat thread keeps it fresh
        old = time.time() - 31
        os.utime(tmp_path / "imports" / "progress" / f"{stale.pk}.beat", (old, old))
        recovered = recover_abandoned_batches()
    assert sorted(recovered) == sorted([stale.pk, never.pk])
    for batch in (alive, stale, never, done):
        batch.refresh_from_db()
    assert alive.status == S.COMMITTING and alive.message == ""
    assert stale.status == S.CHECKED and stale.message == ABANDONED_COMMIT.format(worker="w:2")
    assert never.status == S.UPLOADED and "periksa lagi" in never.message
    assert done.status == S.COMMITTED
    assert read_progress(stale.pk)["phase"] == "terhenti"
    # the heartbeat file goes with the block
    assert last_heartbeat(alive.pk) is None


@pytest.mark.skipif(
    not connection.settings_dict["ENGINE"].endswith("postgresql"), reason="PostgreSQL terminating connections"
)
@pytest.mark.django_db(transaction=True)
def test_worker_reconnects_after_postgresql_terminates_its_connection(reference_data, tmp_path):
    from sentra.imports.services import read_table

    url = _database_url(tmp_path)
    # the hardest case: a persistent connection nobody checks before use
    env = _env(tmp_path, url, DB_CONN_MAX_AGE="600", DB_CONN_HEALTH_CHECKS="false")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "import_worker", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        others = "datname = current_database() AND pid <> pg_backend_pid()"
        deadline = time.monotonic() + 60
        while _query(url, f"SELECT count(*) FROM pg_stat_activity WHERE {others}")[0] == 0:
            assert time.monotonic() < deadline, "the worker never connected"
            time.sleep(0.1)
        time.sleep(0.5)
        assert _query(url, f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE {others}")[0] >= 1
        time.sleep(1)  # a few rounds of the worker on the dead connection

        path = write_csv(tmp_path / "small.csv", [HEADER, row(1, "Usaha Sesudah Putus"), row(2, "Usaha Kedua")])
        table = read_table(path)
        batch = ImportBatch.objects.create(
            file_name="small.csv", file_hash="x", stored_file=str(path), status=S.CHECK_QUEUED,
            mapping={str(k): v for k, v in table.mapping.items()},
            report={"headers": table.headers, "header_row": table.header_row},
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while batch.status != S.CHECKED and time.monotonic() < deadline:
            time.sleep(0.2)
            batch.refresh_from_db()
        assert worker.poll() is None, "the worker must survive the lost connection"
        assert batch.status == S.CHECKED and batch.rows == 2
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def _address_space_limit(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            return line.split()[3]
    raise AssertionError("no address-space line")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.django_db(transaction=True)
def test_the_worker_process_runs_under_its_memory_limit(tmp_path):
    """The worker parses whole workbooks, so it — not the web process — carries the address-space limit."""
    url = _database_url(tmp_path)
    env = _env(tmp_path, url, IMPORT_WORKER_MEMORY_MB="900")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "import_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        limit = "unlimited"
        while time.monotonic() < deadline and worker.poll() is None:
            limit = _address_space_limit(worker.pid)
            if limit != "unlimited":
                break
            time.sleep(0.1)
        assert limit == str(900 * 1024 * 1024)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert worker.returncode == 0  # SIGTERM: a clean stop
