"""Kill a real `import_ikm` process while it is writing: nothing it wrote may remain."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from sentra.imports.tests.helpers import HEADER, row, write_csv

ROOT = Path(__file__).resolve().parents[3]
ROWS = 30_000


def _database_url(tmp_path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _count(url: str, table: str) -> int:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def _wait_for_server_to_drop_the_killed_session():
    """PostgreSQL rolls the killed client's transaction back when it sees the socket close."""
    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_sigkill_mid_import_leaves_no_rows(reference_data, tmp_path):
    url = _database_url(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
    if url.startswith("sqlite"):
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    rows = [HEADER] + [row(i, f"Usaha Uji {i}", owner=f"Pemilik {i}", nib=f"{1000000000000 + i}") for i in range(ROWS)]
    path = write_csv(tmp_path / "big.csv", rows)

    proc = subprocess.Popen(
        [sys.executable, "manage.py", "import_ikm", str(path)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    written = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if line.startswith("Mengimpor:"):
            written = int(line.split()[1].split("/")[0])
            if written > 0:
                break
    assert 0 < written < ROWS, "the import must be killed while it is writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    if not url.startswith("sqlite"):
        _wait_for_server_to_drop_the_killed_session()

    for table in ("registry_business", "registry_owner", "registry_permit", "imports_importbatch",
                  "imports_importedrecord"):
        assert _count(url, table) == 0, table
    assert _count(url, "core_changelog") == 0
    # the import writes with the tally triggers off (SQLite: dropped inside its transaction; PostgreSQL: a
    # metrics_bulkload row): the kill must leave them as they were, and the tallies empty
    assert _count(url, "metrics_bulkload") == 0
    assert _count(url, "metrics_tally WHERE n <> 0") == 0
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            found = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'metrics_%'")
            names = {r[0] for r in found}
    else:
        from sentra.metrics.services import installed_triggers

        names = installed_triggers()
    from sentra.metrics.services import TRIGGER_NAMES

    assert names == TRIGGER_NAMES["sqlite" if url.startswith("sqlite") else "postgresql"]
