"""Benchmark of the accounts/personal-data paths on a throw-away in-memory SQLite database (or DATABASE_URL).

    .venv/bin/python bench/accounts_bench.py            # in-memory SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sentra_bench .venv/bin/python bench/accounts_bench.py

Prints: NIK encrypt/decrypt/hash cost, seed_demo time (1,762 owners encrypted), owners_by_nik for every NIK,
and the scoped API list (`GET /api/v1/businesses`) for staff and a district operator.
The PostgreSQL run creates and drops its own tables through migrate/flush: give it an empty database.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402


def timed(fn, repeat=5):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), result


def main():
    from sentra.registry.pii import decrypt, encrypt, nik_hash

    nik = "3522014509800001"
    n = 2000
    t, _ = timed(lambda: [encrypt(nik) for _ in range(n)])
    print(f"encrypt NIK: {t / n * 1e6:.1f} µs each")
    token = encrypt(nik)
    t, _ = timed(lambda: [decrypt(token) for _ in range(n)])
    print(f"decrypt NIK: {t / n * 1e6:.1f} µs each")
    t, _ = timed(lambda: [nik_hash(nik) for _ in range(n)])
    print(f"hash NIK:    {t / n * 1e6:.1f} µs each")

    print(f"database: {django.db.connection.vendor}")
    call_command("migrate", verbosity=0)
    from sentra.registry.demo import seed_demo

    start = time.perf_counter()
    seed_demo()
    print(f"seed_demo (1,762 IKM, owners' NIKs encrypted + hashed): {time.perf_counter() - start:.2f} s")

    from sentra.registry.models import Owner
    from sentra.registry.selectors import owners_by_nik

    niks = [o.nik for o in Owner.objects.exclude(nik="")]
    t, found = timed(lambda: owners_by_nik(niks), repeat=3)
    print(f"owners_by_nik for {len(niks)} NIKs: {t * 1000:.0f} ms ({len(found)} found)")

    from django.contrib.auth import get_user_model

    from sentra.accounts.api_auth import token_issue

    User = get_user_model()
    client = Client()
    for username in ("staf", "operator.dander"):
        token = token_issue(user=User.objects.get(username=username))
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        t, response = timed(lambda auth=auth: client.get("/api/v1/businesses", **auth), repeat=7)
        count = response.json()["count"]
        print(f"GET /api/v1/businesses as {username}: {t * 1000:.0f} ms median (count {count}, page of 50)")
        client.force_login(User.objects.get(username=username))
        t, response = timed(lambda: client.get("/ikm/"), repeat=7)
        print(f"GET /ikm/ as {username}: {t * 1000:.0f} ms median")
    if django.db.connection.vendor != "sqlite":
        call_command("flush", interactive=False, verbosity=0)


if __name__ == "__main__":
    main()
