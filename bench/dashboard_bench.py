"""National-scale dashboard benchmark on PostgreSQL (run on demand; prints figures, asserts nothing).

    .venv/bin/python bench/dashboard_bench.py [--rows 4400000] [--requests 60] [--db NAME] [--keep] [--reuse]

Creates a dedicated database (default sentra_bench_stats on 127.0.0.1, user postgres), migrates it,
loads every province/regency/kecamatan of Indonesia, COPYs ~4.4 million synthetic IKM (and their
permits) spread over all regencies (the home regency gets ten times its press figure), recounts the
tallies, then prints the server time (p50/p95) of the staff dashboard and the statistics API for the home
regency and for the national roll-up, the naive GROUP BY over the base table with the ratio, and checks
that the figures stay exact after edits. The database is dropped at the end, unless --keep.

Generating 4.4 M rows takes ~25 min on a loaded machine: generate once with `--keep`, then re-measure with
`--keep --reuse`, which uses the kept database as it is (only `migrate` runs, so new migrations and trigger
changes are applied; no data is loaded again).
"""

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--rows", type=int, default=4_400_000)
parser.add_argument("--requests", type=int, default=60)
parser.add_argument("--db", default="sentra_bench_stats")
parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
parser.add_argument(
    "--skip-national-naive",
    action="store_true",
    help="skip the naive national GROUP BY (minutes at 4.4 M rows; no national ratio then)",
)
parser.add_argument(
    "--reuse", action="store_true", help="measure a database kept by an earlier --keep run (no data generation)"
)
args = parser.parse_args()

import psycopg  # noqa: E402

ADMIN_URL = f"{args.server}/postgres"


def _kept_database_ready() -> bool:
    """The kept database exists and holds generated IKM (a run that was interrupted while loading does not)."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone():
            return False
    try:
        with psycopg.connect(f"{args.server}/{args.db}") as conn:
            return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM metrics_tally WHERE level = 'p')").fetchone()[0])
    except psycopg.errors.UndefinedTable:
        return False


REUSE = args.reuse and _kept_database_ready()
if args.reuse and not REUSE:
    print(f"--reuse: database {args.db} is missing or incomplete; generating it.", flush=True)
if not REUSE:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.db}"')
        admin.execute(f'CREATE DATABASE "{args.db}"')

os.environ["DATABASE_URL"] = f"{args.server}/{args.db}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
os.environ["SENTRA_ENV"] = "development"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

HOME = settings.SENTRA_REGENCY_CODE
DATA = ROOT / "sentra" / "regions" / "data" / "indonesia"
HOME_ROWS = 17_620  # the registry is expected to grow tenfold (BPS counts ~44,572 firms)


def clock(label, fn):
    t0 = time.perf_counter()
    result = fn()
    print(f"  {label}: {time.perf_counter() - t0:.1f} s", flush=True)
    return result


def copy_rows(table, columns, rows):
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
        buffer = io.StringIO()
        for i, row in enumerate(rows, 1):
            buffer.write("\t".join(row))
            buffer.write("\n")
            if i % 50_000 == 0:
                cp.write(buffer.getvalue())
                buffer = io.StringIO()
        cp.write(buffer.getvalue())


def load_regions():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE p (code text, name text)")
        cursor.execute("CREATE TEMP TABLE r (code text, province_id text, name text)")
        cursor.execute("CREATE TEMP TABLE d (code text, regency_id text, name text)")
    for table, name, columns in [
        ("p", "provinces.csv", ["code", "name"]),
        ("r", "regencies.csv", ["code", "province_id", "name"]),
        ("d", "districts.csv", ["code", "regency_id", "name"]),
    ]:
        with open(DATA / name, encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader)
            copy_rows(table, columns, reader)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO regions_province (code, name) SELECT code, name FROM p ON CONFLICT DO NOTHING")
        cursor.execute(
            "INSERT INTO regions_regency (code, province_id, name) SELECT code, province_id, name FROM r "
            "ON CONFLICT DO NOTHING"
        )
        cursor.execute(
            "INSERT INTO regions_district (code, regency_id, name, bps_code) SELECT code, regency_id, name, '' FROM d "
            "ON CONFLICT DO NOTHING"
        )
        cursor.execute("SELECT code, regency_id FROM regions_district ORDER BY code")
        return cursor.fetchall()


def business_rows(districts, n):
    from sentra.registry.scale import scale_for

    rng = random.Random(44)
    home = [code for code, regency in districts if regency == HOME]
    others = [code for code, regency in districts if regency != HOME]
    now = dt.datetime(2025, 10, 31, tzinfo=dt.UTC).isoformat()
    start = dt.date(2010, 1, 1).toordinal()
    span = dt.date(2025, 10, 31).toordinal() - start
    markets = ["local"] * 6 + ["regional"] * 3 + ["national"] * 2 + ["export"]
    capitals = [50_000_000, 300_000_000, 800_000_000, 2_000_000_000, 7_000_000_000]
    for i in range(1, n + 1):
        district = rng.choice(home) if i <= HOME_ROWS else rng.choice(others)
        capital = capitals[min(int(rng.random() ** 4 * 5), 4)]
        status = "active" if rng.random() < 0.93 else rng.choice(["inactive", "closed"])
        yield {
            "id": str(i),
            "name": f"IKM Sintetis {i}",
            "owner_id": str(i % 1000 + 1),
            "sector_id": "food_beverage" if rng.random() < 0.8 else "craft",
            "products": "",
            "district_id": district,
            "address": "",
            "phone": "",
            "phone_public": "f",
            "workers_male": str(rng.randint(0, 4)),
            "workers_female": str(rng.randint(0, 6)),
            "capital": str(capital),
            "scale": scale_for(capital, None),
            "capacity_unit": "",
            "market_reach": rng.choice(markets),
            "export_countries": "[]",
            "status": status,
            "registered_on": dt.date.fromordinal(start + rng.randrange(span)).isoformat(),
            "is_demo": "t",
            "version": "1",
            "created_at": now,
            "updated_at": now,
        }


def load(n):
    districts = clock("regions of Indonesia", load_regions)
    now = dt.datetime(2025, 10, 31, tzinfo=dt.UTC).isoformat()
    with connection.cursor() as cursor:
        # Bulk load: no triggers at all (tally triggers and FK checks; the generated data is consistent),
        # the tallies are recounted from the base tables afterwards.
        cursor.execute("SET session_replication_role = replica")
        # ...and no secondary indexes during COPY: they are rebuilt once afterwards (much faster).
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename IN ('registry_business', "
            "'registry_permit') AND i.indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    copy_rows(
        "registry_owner",
        ["id", "name", "nik", "nik_hash", "gender", "phone", "email", "address", "is_demo", "created_at", "updated_at"],
        ([str(i), f"Pemilik Sintetis {i}", "", "", "", "", "", "", "t", now, now] for i in range(1, 1001)),
    )
    columns = list(next(business_rows(districts, 1)).keys())
    clock(
        f"COPY {n:,} IKM",
        lambda: copy_rows("registry_business", columns, (list(r.values()) for r in business_rows(districts, n))),
    )

    def permits():
        rng = random.Random(7)
        pid = 0
        for b in range(1, n + 1):
            for kind, share in (
                ("nib", 0.766),
                ("pirt", 0.45),
                ("halal", 0.3),
                ("bpom_md", 0.05),
                ("hki", 0.04),
                ("sni", 0.02),
            ):
                if rng.random() < share:
                    pid += 1
                    yield [str(pid), str(b), kind, f"{b:013d}" if kind == "nib" else f"P{pid}", "", "", now, now]

    clock(
        "COPY permits",
        lambda: copy_rows(
            "registry_permit",
            ["id", "business_id", "kind", "number", "note", "document", "created_at", "updated_at"],
            permits(),
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        clock(f"recreate {len(indexes)} indexes", lambda: [cursor.execute(sql) for _, sql in indexes])
        for table in ("registry_business", "registry_owner", "registry_permit"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    from sentra.metrics.services import tallies_rebuild

    clock("tally rebuild from base tables", tallies_rebuild)
    with connection.cursor() as cursor:
        clock("VACUUM ANALYZE", lambda: cursor.execute("VACUUM ANALYZE"))


def percentiles(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)]
    return statistics.median(samples) * 1000, p95 * 1000


def time_requests(client, url, n):
    client.get(url)  # warm-up
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - t0)
        assert response.status_code == 200, (url, response.status_code)
    return percentiles(samples)


def time_requests_after_a_write(client, url, n):
    """Each request right after a write the figures depend on (a no-op UPDATE: the statement still gives the
    figures version a new token), so every request counts the figures again: the cache-miss cost."""
    samples = []
    for _ in range(n):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE registry_sector SET name = name WHERE code = 'craft'")
        t0 = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - t0)
        assert response.status_code == 200, (url, response.status_code)
    return percentiles(samples)


def time_calls(fn, n):
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return percentiles(samples)


def main():
    t0 = time.perf_counter()
    clock("migrate", lambda: call_command("migrate", verbosity=0))
    if REUSE:
        from sentra.registry.models import Business

        rows = Business.objects.count()
        with connection.cursor() as cursor:  # migrate may have recounted the tallies (new triggers)
            cursor.execute("VACUUM ANALYZE metrics_tally")
            cursor.execute("VACUUM ANALYZE metrics_monthtally")
        print(f"Sentra dashboard benchmark — PostgreSQL database {args.db} (kept), {rows:,} IKM", flush=True)
    else:
        print(f"Sentra dashboard benchmark — PostgreSQL database {args.db}, {args.rows:,} IKM", flush=True)
        load(args.rows)
        print(f"  data ready in {time.perf_counter() - t0:.0f} s", flush=True)

    from django.contrib.auth import get_user_model
    from django.core.serializers.json import DjangoJSONEncoder

    from sentra.metrics.cells import base_cells, cells_for_regency
    from sentra.metrics.figures import regency_statistics
    from sentra.registry.models import Business
    from sentra.registry.services import business_save

    user = get_user_model().objects.filter(username="bench").first()
    user = user or get_user_model().objects.create_user(username="bench", password="x", role="admin")
    client = Client()
    client.force_login(user)
    n = args.requests
    print(f"\nServer time over {n} requests (Django test client, whole request incl. template), ms:")
    results = {}
    for label, url in [
        ("dashboard, home regency", "/dasbor/"),
        ("dashboard, home regency, filtered", "/dasbor/?sektor=craft&skala=mikro&pasar=export"),
        ("statistics API, home regency", "/api/v1/statistics"),
        ("dashboard, national roll-up", "/dasbor/nasional/"),
        ("statistics API, national roll-up", "/api/v1/statistics?tingkat=nasional"),
        ("public /statistik/", "/statistik/"),
    ]:
        p50, p95 = time_requests(client, url, n)
        results[label] = p95
        print(f"  {label:40s} p50 {p50:7.1f}   p95 {p95:7.1f}", flush=True)

    print("\nRight after a write (figures version changed, cached figures unusable: every request recounts), ms:")
    for label, url in [
        ("dashboard, home regency", "/dasbor/"),
        ("statistics API, home regency", "/api/v1/statistics"),
        ("statistics API, national roll-up", "/api/v1/statistics?tingkat=nasional"),
    ]:
        p50, p95 = time_requests_after_a_write(client, url, min(n, 30))
        print(f"  {label:40s} p50 {p50:7.1f}   p95 {p95:7.1f}", flush=True)

    print("\nNaive GROUP BY over the base table (the same cells, counted from registry_business), ms:")
    r50, r95 = time_calls(lambda: base_cells(HOME), 10)
    print(f"  {'home regency (10 runs)':40s} p50 {r50:7.1f}   p95 {r95:7.1f}")
    fast50, _ = time_calls(lambda: cells_for_regency(HOME), 50)
    print(f"  {'fast path: tally cells, home regency':40s} p50 {fast50:7.1f}")
    national = ""
    if not args.skip_national_naive:
        n50, n95 = time_calls(lambda: base_cells(None), 1)
        print(f"  {'national (1 run)':40s}       {n50:7.1f}")
        national = f", national {n95 / results['statistics API, national roll-up']:.0f}x"
    print(
        "\nRatio naive GROUP BY / full API request (p95):"
        f" home regency {r95 / results['statistics API, home regency']:.0f}x{national}"
    )

    # Exact after edits: change some IKM through the service and compare with the base table.
    rng = random.Random(1)
    ids = list(Business.objects.filter(district__regency_id=HOME).values_list("id", flat=True)[:2000])
    for pk in rng.sample(ids, 50):
        b = Business.objects.get(pk=pk)
        business_save(
            actor=user,
            business=b,
            business_data={
                "status": rng.choice(["active", "inactive", "closed"]),
                "market_reach": rng.choice(["local", "export"]),
            },
            source="bench",
        )
    truth = base_cells(HOME)
    exact = sorted(c for c in cells_for_regency(HOME) if c.n) == sorted(truth)
    print(f"Figures exact after 50 edits (tally == base-table GROUP BY): {exact}")
    # ...and what the API serves (cached under the figures version) equals the figures of the base table.
    served = client.get("/api/v1/statistics").json()
    expected = json.loads(json.dumps(regency_statistics(HOME, cells=truth), cls=DjangoJSONEncoder))
    same = {k: v for k, v in served.items() if k != "registrations"} == {
        k: v for k, v in expected.items() if k != "registrations"
    }
    print(f"Statistics API after the edits == figures from the base-table GROUP BY: {same}")
    print("Targets: regency p95 <= 30 ms, national p95 <= 100 ms (shared, loaded 2-core machine).")


try:
    main()
finally:
    connection.close()
    if not args.keep:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{args.db}"')
        print(f"Dropped database {args.db}.")
