"""Sign-in latency on SQLite while a large import commits (issue 21).

    .venv/bin/python bench/signin_bench.py                 # 200,000-row import
    .venv/bin/python bench/signin_bench.py --rows 50000    # quicker

A fresh copy of the import bench's migrated template gets a staff account; `manage.py import_ikm` then imports
--rows generated rows in its own process (one transaction: SQLite's only write lock is held while it writes),
while this process signs in through Django's full request handling (the real login view, session saved)
once a second. Printed per sign-in: seconds and status — 302 signed in, 503 the Indonesian "Sedang ada impor
besar, coba lagi sebentar" page after SQLITE_BUSY_TIMEOUT_MS, 500 would be a failure — and the summary
(p50, max, counts) before, during and after the import.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PASSWORD = "bench-signin-12345"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args()
    from import_bench import write_csv
    from machine import cpu_probe_ms

    OUT.mkdir(exist_ok=True)
    data = OUT / f"ikm-{args.rows}.csv"
    if not data.exists():
        write_csv(data, args.rows)
    template, db = OUT / "template.sqlite3", OUT / "signin.sqlite3"
    url = f"sqlite:///{db}"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{template}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copy(template, db)
    os.environ.update(
        {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "sentra.settings", "DEBUG": "true"}
    )  # plain static files (no manifest)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from sentra.accounts.models import User

    User.objects.create_user(username="bench.signin", password=PASSWORD, role="staff")
    connection.close()
    busy = next(p for p in settings.DATABASES["default"]["OPTIONS"].get("init_command", "").split(";") if "busy" in p)
    print(f"Sign-in during a {args.rows:,}-row import (SQLite, {busy.strip()}); CPU probe {cpu_probe_ms():.0f} ms")

    def sign_in():
        client = Client(raise_request_exception=False)
        started = time.perf_counter()
        response = client.post("/akun/masuk/", {"username": "bench.signin", "password": PASSWORD})
        elapsed = time.perf_counter() - started
        connection.close()
        return elapsed, response.status_code, "impor besar" in response.content.decode(errors="replace")

    phases = {"before": [], "during": [], "after": []}
    for _ in range(3):
        phases["before"].append(sign_in())
    importer = subprocess.Popen(
        [sys.executable, "manage.py", "import_ikm", str(data)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = time.perf_counter()
    while importer.poll() is None:
        elapsed, status, page = sign_in()
        phases["during"].append((elapsed, status, page))
        print(
            f"  t={time.perf_counter() - started:6.1f} s  sign-in {elapsed:6.2f} s  {status}"
            + ("  (impor besar page)" if page else "")
        )
        time.sleep(args.interval)
    took = time.perf_counter() - started
    if importer.returncode:
        print(importer.stderr.read()[-2000:])
    for _ in range(3):
        phases["after"].append(sign_in())
    print(f"import ended in {took:.0f} s (exit {importer.returncode})")
    for name, runs in phases.items():
        if not runs:
            continue
        times = sorted(r[0] for r in runs)
        statuses = {}
        for _, status, _ in runs:
            statuses[status] = statuses.get(status, 0) + 1
        print(
            f"  {name:<7} {len(runs):>3} sign-ins  p50 {statistics.median(times):6.2f} s  max {times[-1]:6.2f} s  "
            f"statuses {dict(sorted(statuses.items()))}"
        )
    failures = sum(1 for runs in phases.values() for _, status, _ in runs if status >= 500 and status != 503)
    print(f"  5xx other than the 503 page: {failures}")
    print(f"CPU probe at the end: {cpu_probe_ms():.0f} ms")


if __name__ == "__main__":
    main()
