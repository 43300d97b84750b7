"""Import benchmark: Sentra's importer vs django-import-export vs the database's own floor.

    .venv/bin/python bench/import_bench.py                 # 100,000 rows, SQLite (+ PostgreSQL if its server is up)
    .venv/bin/python bench/import_bench.py --rows 20000    # quicker
    .venv/bin/python bench/import_bench.py --million       # also the 1,000,000-row memory run (SQLite, csv)
    .venv/bin/python bench/import_bench.py --repeat 3      # best and median of three runs each (shared machines)
    .venv/bin/python bench/import_bench.py --registry-size 1000000 --rows 20000   # into a large registry vs an
                                                           # empty one, same run (SQLite; registry cached in bench/out)
    BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/sentra_import  (default; created if missing, emptied!)

Each measurement runs in a fresh child process (so peak memory is that run's own) against a freshly
migrated database: a copied SQLite file, or the PostgreSQL database with the imported tables truncated.
Printed: rows/second (best of --repeat), peak resident memory (MB) of the importing process and of its
cleaning process, their peak together as PSS (shared pages counted once), and ratios.
"""

import argparse
import csv
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from machine import cpu_probe_ms

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

HEADER = [
    "No",
    "Nama Usaha",
    "Nama Pemilik",
    "NIK",
    "NIB",
    "No. HP/WA",
    "Alamat",
    "Desa/Kel.",
    "Kecamatan",
    "Jenis Industri",
    "Produk",
    "TK L/P",
    "Th. Berdiri",
    "Omzet",
    "Pemasaran",
]
SECTOR_WORDS = ["Makanan", "Minuman", "Mamin", "Makanan & Minuman", "Kerajinan", "Kriya", "Batik"]
PRODUCTS = ["keripik", "kerupuk", "batik tulis", "anyaman bambu", "kue kering", "jamu", "kopi bubuk", "tempe"]
REACH = ["Lokal", "Regional", "Nasional", "Lokal, Nasional", "Ekspor"]
FIRST = ["Siti", "Budi", "Ani", "Sri", "Agus", "Wati", "Joko", "Endang", "Yuli", "Slamet", "Dwi", "Eko"]
WORDS = ["Sari", "Rasa", "Jaya", "Makmur", "Berkah", "Lestari", "Sejahtera", "Barokah", "Mandiri", "Abadi"]


def _regions():
    import csv as _csv

    data = ROOT / "sentra" / "regions" / "data"
    districts = {r["code"]: r["name"] for r in _csv.DictReader(open(data / "bojonegoro_kecamatan.csv"))}
    villages = [(r["kecamatan_code"], r["name"]) for r in _csv.DictReader(open(data / "bojonegoro_desa.csv"))]
    return districts, villages


def _phone(i):
    number = random.choice(["812", "813", "821", "852", "857", "878", "896"]) + f"{i:08d}"
    form = i % 4
    return {
        0: "0" + number,
        1: f"0{number[:3]}-{number[3:7]}-{number[7:]}",
        2: f"+62 {number[:3]} {number[3:7]} {number[7:]}",
        3: "62" + number,
    }[form]


def _nik(i, district_code):
    day = 1 + i % 28 + (40 if i % 2 else 0)
    return f"3522{district_code[-2:]}{day:02d}{1 + i % 12:02d}{70 + i % 30:02d}{1 + i % 9999:04d}"


def make_rows(n):
    random.seed(7)
    districts, villages = _regions()
    for i in range(n):
        district_code, village = villages[i % len(villages)]
        district = districts[district_code]
        kec = district if i % 10 else f"Kec. {district.upper()}"
        nib = f"{1_000_000_000_000 + i}"
        yield [
            i + 1,
            f"{random.choice(WORDS)} {random.choice(WORDS)} {i}",
            f"{random.choice(FIRST)} {random.choice(WORDS)}",
            _nik(i, district_code) if i % 3 == 0 else "",
            f"{nib[:4]} {nib[4:8]} {nib[8:]}" if i % 5 == 0 else (nib if i % 4 else ""),
            _phone(i),
            f"RT {i % 9 + 1} RW {i % 5 + 1}",
            village,
            kec,
            SECTOR_WORDS[i % len(SECTOR_WORDS)],
            PRODUCTS[i % len(PRODUCTS)],
            f"{i % 5}/{i % 4}",
            str(1980 + i % 45),
            f"{(i % 90 + 1) * 1_250_000:,}".replace(",", "."),
            REACH[i % len(REACH)],
        ]


def write_csv(path, n):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(make_rows(n))


def write_xlsx(path, n):
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for r, values in enumerate(make_rows(n), start=1):
        sheet.write_row(r, 0, values)
    workbook.close()


# --- child process: one measurement -------------------------------------------------------------------------


def _django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
    import django

    django.setup()


def child_sentra(url, path):
    _django(url)
    from sentra.imports.services import run_import

    profile = os.environ.get("BENCH_PROFILE")  # a file for cProfile's statistics of the import
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    result = run_import(path=path)
    elapsed = time.perf_counter() - started
    if profile:
        profiler.disable()
        profiler.dump_stats(profile)
    assert not result.errors, result.errors[:3]
    return result.rows, elapsed


def child_die(url, path, limit):
    """django-import-export, as a Django team would set it up: a ModelResource over the same csv."""
    _django(url)
    import tablib
    from import_export import fields, resources, widgets

    from sentra.regions.models import District
    from sentra.registry.models import Business, Owner, Sector

    sectors = {
        "makanan": "food_beverage",
        "minuman": "food_beverage",
        "mamin": "food_beverage",
        "makanan & minuman": "food_beverage",
        "kerajinan": "craft",
        "kriya": "craft",
        "batik": "craft",
    }

    class BusinessResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="Nama Usaha")
        products = fields.Field(attribute="products", column_name="Produk")
        district = fields.Field(
            attribute="district", column_name="Kecamatan", widget=widgets.ForeignKeyWidget(District, "name")
        )
        sector = fields.Field(
            attribute="sector", column_name="Jenis Industri", widget=widgets.ForeignKeyWidget(Sector, "code")
        )
        owner = fields.Field(attribute="owner", column_name="owner_id", widget=widgets.ForeignKeyWidget(Owner, "pk"))

        class Meta:
            model = Business
            fields = ("name", "products", "district", "sector", "owner")
            import_id_fields = ()
            use_transactions = True

        def before_import_row(self, row, **kwargs):
            row["Kecamatan"] = row["Kecamatan"].removeprefix("Kec. ").title()
            row["Jenis Industri"] = sectors[row["Jenis Industri"].lower()]
            row["owner_id"] = Owner.objects.create(name=row["Nama Pemilik"]).pk

    with open(path, encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(limit + 1)]
    dataset = tablib.Dataset().load("".join(lines), format="csv")
    started = time.perf_counter()
    result = BusinessResource().import_data(dataset, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - started
    return result.totals["new"], elapsed


def child_floor(url, path):
    """The database's own floor for the same rows: owners, businesses and NIB permits inserted with no
    validation, no history and no NIK encryption (the NIK column gets the text as written) — sqlite3
    executemany, PostgreSQL COPY — with the tallies kept exact the cheapest way the schema allows (triggers
    off for the transaction, one GROUP BY after: metrics.tallies_bulk), as Sentra's import does."""
    _django(url)
    import datetime as dt

    from django.db import connection, transaction

    from sentra.metrics.services import tallies_add_businesses, tallies_bulk
    from sentra.regions.models import District

    districts = {d.name: d.code for d in District.objects.all()}
    with open(path, encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        rows = list(reader)
    now = dt.datetime.now(dt.UTC).isoformat()
    today = dt.date.today().isoformat()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM registry_owner")
        base = cursor.fetchone()[0]
    owners = [(base + i + 1, r[2], r[3], "", "", "", now, now, False, "") for i, r in enumerate(rows)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM registry_business")
        bbase = cursor.fetchone()[0]
    businesses = [
        (
            bbase + i + 1,
            r[1],
            base + i + 1,
            "food_beverage",
            districts.get(r[8].removeprefix("Kec. ").title(), "35.22.01"),
            "",
            "",
            0,
            0,
            "",
            "local",
            "[]",
            "active",
            today,
            False,
            now,
            now,
            False,
            "",
            "",
            1,
        )
        for i, r in enumerate(rows)
    ]
    permits = [(bbase + i + 1, "nib", r[4].replace(" ", ""), "", now, now, "") for i, r in enumerate(rows) if r[4]]
    o_cols = "id, name, nik, gender, phone, email, created_at, updated_at, is_demo, nik_hash"
    p_cols = "business_id, kind, number, note, created_at, updated_at, document"
    b_cols = (
        "id, name, owner_id, sector_id, district_id, products, address, workers_male, workers_female, scale, "
        "market_reach, export_countries, status, registered_on, phone_public, created_at, updated_at, is_demo, "
        "phone, capacity_unit, version"
    )
    business_ids = [b[0] for b in businesses]
    with transaction.atomic(), tallies_bulk(note="floor"), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            raw = cursor.cursor
            raw.executemany(f"INSERT INTO registry_owner ({o_cols}, address) VALUES ({','.join('?' * 10)}, '')", owners)
            raw.executemany(f"INSERT INTO registry_business ({b_cols}) VALUES ({','.join('?' * 21)})", businesses)
            raw.executemany(f"INSERT INTO registry_permit ({p_cols}) VALUES ({','.join('?' * 7)})", permits)
        else:
            raw = cursor.cursor
            with raw.copy(f"COPY registry_owner ({o_cols}, address) FROM STDIN") as copy:
                for o in owners:
                    copy.write_row((*o, ""))
            with raw.copy(f"COPY registry_business ({b_cols}) FROM STDIN") as copy:
                for b in businesses:
                    copy.write_row(b)
            with raw.copy(f"COPY registry_permit ({p_cols}) FROM STDIN") as copy:
                for p in permits:
                    copy.write_row(p)
        tallies_add_businesses(business_ids)
    elapsed = time.perf_counter() - started
    return len(rows), elapsed


class PssSampler:
    """Peak of this process's PSS plus its children's (the cleaning process), sampled every 0.5 s from
    /proc (Linux). PSS splits the pages the two share since the fork between them, so the sum is the memory
    the import really occupies — the two ru_maxrss figures count those pages twice. Reading smaps_rollup
    walks the page tables (~7 ms for 200 MB, blocking the process's page faults meanwhile): two such reads
    every 0.1 s would take up to ~14 % of a core from the import they measure."""

    INTERVAL = 0.5

    def __init__(self):
        import threading

        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _pss_kb(pid) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                return next((int(line.split()[1]) for line in fh if line.startswith("Pss:")), 0)
        except OSError:
            return 0

    def _children(self) -> list[str]:
        try:
            with open(f"/proc/{os.getpid()}/task/{os.getpid()}/children") as fh:
                return fh.read().split()
        except OSError:
            return []

    def _run(self):
        while not self._stop.wait(self.INTERVAL):
            total = self._pss_kb(os.getpid()) + sum(self._pss_kb(pid) for pid in self._children())
            self.peak_kb = max(self.peak_kb, total)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kb


def child_registry(url, size):
    """A registry of `size` businesses (with owners, a NIB for every other one, the tallies) written through
    fastinsert in blocks of 50,000: names drawn like the import file's (so the duplicate checks meet names
    near the imported ones) but with other numbers, desa and NIBs, so that the imported rows are new."""
    _django(url)
    from django.db import transaction

    from sentra.core.fastinsert import insert_rows, reserve_ids
    from sentra.metrics.services import tallies_add_businesses, tallies_bulk
    from sentra.regions.models import Village
    from sentra.registry.models import Business, Owner, Permit

    random.seed(11)
    villages = list(Village.objects.values_list("code", "district_id"))
    block = 50_000
    for start in range(0, size, block):
        n = min(block, size - start)
        with transaction.atomic(), tallies_bulk(note="bench registry"):
            owner_ids, ids = reserve_ids(Owner, n), reserve_ids(Business, n)
            insert_rows(Owner, [{"id": o, "name": f"{random.choice(FIRST)} {random.choice(WORDS)}"} for o in owner_ids])
            rows = []
            for j, (pk, owner) in enumerate(zip(ids, owner_ids), start=start):
                village, district = villages[(j * 7 + 3) % len(villages)]
                rows.append(
                    {
                        "id": pk,
                        "owner_id": owner,
                        "sector_id": "food_beverage",
                        "district_id": district,
                        "village_id": village,
                        "name": f"{random.choice(WORDS)} {random.choice(WORDS)} {j}",
                        "scale": "mikro",
                    }
                )
            insert_rows(Business, rows)
            insert_rows(
                Permit,
                [
                    {"business_id": pk, "kind": "nib", "number": f"{2_000_000_000_000 + j}"}
                    for j, pk in enumerate(ids, start=start)
                    if j % 2 == 0
                ],
            )
            tallies_add_businesses(range(ids[0], ids[-1] + 1))
    return size, 0.0


def registry_template(template: Path, size: int) -> Path:
    """The migrated template with `size` businesses, built once per size (again when the template is newer:
    a migration was applied since)."""
    target = OUT / f"registry-{size}.sqlite3"
    if target.exists() and target.stat().st_mtime >= template.stat().st_mtime:
        return target
    building = OUT / f"registry-{size}.building.sqlite3"
    for suffix in ("-wal", "-shm"):  # left by an interrupted build: they would not match the copy
        Path(str(building) + suffix).unlink(missing_ok=True)
    shutil.copy(template, building)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--child", "registry", f"sqlite:///{building}", str(size)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    building.rename(target)
    print(f"(registry of {size:,} businesses built in {time.perf_counter() - started:.0f} s: {target})")
    return target


def child_main(args):
    kind, url, path = args.child
    if kind == "registry":
        child_registry(url, int(path))
        return
    sampler = PssSampler()
    if kind == "sentra":
        rows, elapsed = child_sentra(url, path)
    elif kind == "die":
        rows, elapsed = child_die(url, path, args.die_rows)
    else:
        rows, elapsed = child_floor(url, path)
    together_mb = sampler.stop() / 1024
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the process that reads and cleans a large file (sentra/imports/pipeline.py); its pages shared with this
    # one at the fork are counted in both ru_maxrss figures — `together` (PSS) counts them once
    cleaner_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"RESULT {rows} {elapsed:.3f} {peak_mb:.0f} {cleaner_mb:.0f} {together_mb:.0f}")


# --- parent: orchestrate -------------------------------------------------------------------------------------


def fresh_database(url, template):
    if url.startswith("sqlite"):
        target = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copy(template, target)
        return
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    sql = (
        "TRUNCATE imports_importedrecord, imports_importbatch, core_changelog, registry_permit, "
        "registry_business, registry_owner, metrics_tally, metrics_monthtally RESTART IDENTITY CASCADE"
    )
    env["PGOPTIONS"] = "-c client_min_messages=warning"  # not a NOTICE per cascaded table
    subprocess.run(
        [sys.executable, "manage.py", "dbshell", "--", "-qc", sql],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@dataclass
class Run:
    rows: int
    elapsed: float  # the best (shortest) of the repeats
    median: float
    peak: int
    cleaner: int
    together: int

    @property
    def rate(self) -> float:
        return self.rows / self.elapsed


def measure(kind, url, path, template, args) -> Run:
    """`args.repeat` runs, each on a fresh database; the best and the median time (the machines here are
    shared: the same CPU-bound loop varies by up to 40% from one minute to the next), the largest memory."""
    runs = []
    for _ in range(args.repeat):
        fresh_database(url, template)
        cmd = [sys.executable, __file__, "--child", kind, url, str(path), "--die-rows", str(args.die_rows)]
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "DATABASE_URL": url})
        line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT")), None)
        if line is None:
            raise SystemExit(f"{kind} failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
        _, rows, elapsed, *memory = line.split()
        runs.append((int(rows), float(elapsed), *map(int, memory)))
    times = sorted(r[1] for r in runs)
    return Run(
        rows=runs[0][0],
        elapsed=times[0],
        median=statistics.median(times),
        peak=max(r[2] for r in runs),
        cleaner=max(r[3] for r in runs),
        together=max(r[4] for r in runs),
    )


def pg_bench_database(url) -> str:
    """ "" when the bench database can be used — created first when the server is up and it is missing
    (a new machine) — else why not."""
    import psycopg

    conninfo = url.replace("postgres://", "postgresql://")
    server, name = conninfo.rsplit("/", 1)
    try:
        try:
            psycopg.connect(conninfo, connect_timeout=3).close()
        except psycopg.OperationalError as exc:
            if "does not exist" not in str(exc):
                raise
            with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]
    return ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--die-rows", type=int, default=5_000, help="rows for django-import-export (slow)")
    parser.add_argument("--million", action="store_true", help="also import 1,000,000 csv rows for peak memory")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--kinds", default="sentra-csv,sentra-xlsx,die,floor", help="which measurements to run")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement: the best and the median")
    parser.add_argument(
        "--registry-size",
        type=int,
        default=0,
        help="also import --rows csv rows into a registry of this many businesses (SQLite), "
        "against an empty one in the same run",
    )
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args()
    if args.child:
        return child_main(args)

    OUT.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = OUT / f"ikm-{args.rows}.csv", OUT / f"ikm-{args.rows}.xlsx"
    if not csv_path.exists():
        write_csv(csv_path, args.rows)
    if not xlsx_path.exists():
        write_xlsx(xlsx_path, args.rows)
    template = OUT / "template.sqlite3"
    # migrate every time (a no-op when current): a template left from an older checkout lacks new tables
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{template}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)

    databases = [] if args.no_sqlite else [("SQLite", f"sqlite:///{OUT / 'bench.sqlite3'}")]
    pg_url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/sentra_import")
    if not args.no_pg:
        why = pg_bench_database(pg_url)
        if why:
            print(f"PostgreSQL skipped ({pg_url}): {why}")
        else:
            databases.append(("PostgreSQL", pg_url))

    print(
        f"Import benchmark: {args.rows:,} rows (django-import-export on the first {args.die_rows:,}); "
        f"{os.cpu_count()} CPUs; CPU probe {cpu_probe_ms():.0f} ms (lower is faster)"
    )
    for label, url in databases:
        print(f"\n== {label}")
        results = {}
        wanted = args.kinds.split(",")
        for name, kind, path, title in [
            ("sentra-csv", "sentra", csv_path, "Sentra csv (full validation + duplicate checks)"),
            ("sentra-xlsx", "sentra", xlsx_path, "Sentra xlsx"),
            ("die", "die", csv_path, "django-import-export csv"),
            ("floor", "floor", csv_path, "floor (" + ("sqlite3 executemany" if label == "SQLite" else "COPY") + ")"),
        ]:
            if name not in wanted:
                continue
            run = measure(kind, url, path, template, args)
            results[(kind, path.suffix)] = run.rate
            memory = f"peak {run.peak:>4} MB"
            if run.cleaner:
                memory += f" + {run.cleaner} MB cleaning process, together (PSS) {run.together} MB"
            spread = f" (median of {args.repeat}: {run.rows / run.median:,.0f})" if args.repeat > 1 else ""
            print(f"{title:<52} {run.rows:>9,} rows {run.elapsed:>8.2f} s {run.rate:>10,.0f} rows/s{spread}  {memory}")
        sentra = results.get(("sentra", ".csv"))
        if sentra and ("die", ".csv") in results:
            print(f"ratio Sentra csv / django-import-export: {sentra / results[('die', '.csv')]:.1f}×")
        if sentra and ("floor", ".csv") in results:
            print(f"ratio Sentra csv / floor:                {sentra / results[('floor', '.csv')]:.2f}")
        if sentra and ("sentra", ".xlsx") in results:
            print(f"ratio Sentra xlsx / csv:                 {results[('sentra', '.xlsx')] / sentra:.2f}")

    if args.registry_size:
        registry = registry_template(template, args.registry_size)
        url = f"sqlite:///{OUT / 'bench.sqlite3'}"
        print(
            f"\n== into a registry of {args.registry_size:,} vs an empty one (SQLite, csv, {args.rows:,} rows, "
            f"alternating, best of {args.repeat})"
        )
        best = {}
        for _ in range(args.repeat):  # alternate, so both sides see the same machine load
            for label, base in (("empty", template), (f"{args.registry_size:,}", registry)):
                run = measure("sentra", url, csv_path, base, argparse.Namespace(**{**vars(args), "repeat": 1}))
                print(f"  into {label:>9}: {run.elapsed:7.2f} s {run.rate:>9,.0f} rows/s  peak {run.peak} MB")
                best[label] = max(best.get(label, 0), run.rate)
        empty, large = best["empty"], best[f"{args.registry_size:,}"]
        print(
            f"  best: empty {empty:,.0f} rows/s, registry of {args.registry_size:,} {large:,.0f} rows/s: "
            f"{large / empty:.2f} of the empty rate (target ≥ 0.80)"
        )

    if args.million:
        big = OUT / "ikm-1000000.csv"
        if not big.exists():
            write_csv(big, 1_000_000)
        run = measure("sentra", f"sqlite:///{OUT / 'bench.sqlite3'}", big, template, args)
        print(
            f"\n1,000,000-row csv into SQLite: {run.elapsed:.1f} s, {run.rate:,.0f} rows/s, peak memory "
            f"{run.peak} MB + {run.cleaner} MB cleaning process (ru_maxrss each); together (PSS) {run.together} MB"
        )
    print(f"\nCPU probe at the end: {cpu_probe_ms():.0f} ms")


if __name__ == "__main__":
    main()
