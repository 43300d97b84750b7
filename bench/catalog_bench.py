#!/usr/bin/env python3
"""Catalog benchmark: 100,000 published products, the app under gunicorn on loopback, wrk on
the listing, search and product pages and — in the same run — a static file served by the
same server as the ceiling. Then the first-load transfer of the listing and a product page,
measured in headless Chromium at a phone's viewport.

    .venv/bin/python bench/catalog_bench.py                  # SQLite file in /tmp
    .venv/bin/python bench/catalog_bench.py --postgres       # PostgreSQL db sentra_bench_catalog
    options: --products N (100000) --seconds S (15) --workers W (4) --connections C (16) --keep
             --pg-db NAME (or BENCH_CATALOG_PG_DB) so that parallel checkouts do not share a database
             --queries N (1200) distinct search queries, a share of them with a typo
             --rounds N (1) measured passes per cache mode, each printed, then each figure's median
                        and the verdict on it (the machines here drift by a third within the hour)

Each page kind is measured with the page cache on (CATALOG_CACHE_SECONDS=60, the default) and
off. The rotations are wide on purpose, so that the cache cannot hide the real cost: search over
N generated queries (words of both languages, some misspelt), "filters" over the same number of
filter combinations, product over 2,000 products; only "listing" (40 pages of the unfiltered
listing) is a set the cache can hold.

Each wrk line also gives the CPU spent per request: all cores busy (/proc/stat), and of it the
app's gunicorn processes and PostgreSQL's backends (bench/machine.py: CpuAccount). Requests per
second and latency at 16 connections both follow from it (2 cores / CPU per request is the most
the machine can serve), so it tells a costlier page from a queue.

The database is created for the run and dropped at the end (unless --keep). Figures depend
on the machine: on a shared, loaded machine they are lower bounds.
"""

import argparse
import io
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from machine import CpuAccount, cpu_probe_ms

ROOT = Path(__file__).resolve().parent.parent
PG_DB = os.environ.get("BENCH_CATALOG_PG_DB", "sentra_bench_catalog")

ADJECTIVES = [
    ("Premium", "Premium"),
    ("Pedas", "Spicy"),
    ("Manis", "Sweet"),
    ("Original", "Original"),
    ("Mini", "Mini"),
    ("Jumbo", "Jumbo"),
    ("Organik", "Organic"),
    ("Spesial", "Special"),
    ("Klasik", "Classic"),
    ("Hadiah", "Gift"),
]
QUERIES = [
    "batik",
    "keripik",
    "kripik",
    "teak",
    "chair",
    "kopi",
    "coffe",
    "sambal",
    "jahe",
    "ginger",
    "batik tulis",
    "spicy chips",
    "anyaman",
    "bamboo",
    "gerabah",
    "earthenware",
    "emping",
    "melinjo",
    "tempe",
    "tempeh",
    "kursi jati",
    "premium coffee",
    "dodol",
    "snake fruit",
    "udeng",
    "bag",
    "tas pandan",
    "gula merah",
    "palm sugar",
    "nastar",
    "pineapple",
    "roti",
    "bread",
    "jamu",
    "herbal",
    "organic",
    "jonegoroan",
    "obor sewu",
    "kerupuk",
    "crackers",
]


def typo(word: str, rng: random.Random) -> str:
    """One small slip of the kind search forgives: a letter dropped, doubled, swapped or replaced."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    return word[:i] + rng.choice("aeiounrst") + word[i + 1 :]


def search_queries(n: int, seed: int = 7) -> list[str]:
    """n distinct queries: one to three words of the products' names and descriptions in both
    languages (plus the fixed QUERIES), about a third with a typo, some matching nothing."""
    from sentra.catalog.demo import SPECS
    from sentra.catalog.search import words

    vocab = set()
    for name, name_en, _c, desc, desc_en, *_rest in SPECS.values():
        vocab.update(w for w in words(" ".join((name, name_en, desc, desc_en))) if len(w) >= 3)
    vocab.update(w for pair in ADJECTIVES for w in words(" ".join(pair)))
    vocab = sorted(vocab)
    rng = random.Random(seed)
    out = list(dict.fromkeys(QUERIES))
    seen = set(out)
    while len(out) < n:
        picked = [rng.choice(vocab) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        if rng.random() < 0.35:
            j = rng.randrange(len(picked))
            picked[j] = typo(picked[j], rng)
        if rng.random() < 0.03:
            picked.append(rng.choice(["xylofon", "qwertz", "zzyzx"]))  # matches nothing
        q = " ".join(picked)
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out[:n]


def filter_paths(n: int, districts: list[str], seed: int = 11) -> list[str]:
    """n distinct listing URLs with filter combinations (category, kecamatan, certification,
    export-ready, price, page), like buyers clicking through the filters."""
    from urllib.parse import urlencode

    from sentra.catalog.badges import BADGE_KINDS
    from sentra.catalog.models import Category

    rng = random.Random(seed)
    out, seen = [], set()
    while len(out) < n:
        params = {}
        if rng.random() < 0.6:
            params["category"] = rng.choice(Category.values)
        if rng.random() < 0.5:
            params["district"] = rng.choice(districts)
        if rng.random() < 0.3:
            params["certification"] = rng.choice(BADGE_KINDS)
        if rng.random() < 0.15:
            params["export_ready"] = "on"
        if rng.random() < 0.3:
            params["price_max"] = rng.choice([10000, 20000, 50000, 100000, 500000])
        if rng.random() < 0.3:
            params["page"] = rng.randrange(2, 6)
        url = "/katalog/produk/?" + urlencode(params)
        if params and url not in seen:
            seen.add(url)
            out.append(url)
    return out


def log(msg):
    print(msg, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_database(args, env):
    if args.postgres:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.pg_db], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", args.pg_db], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.pg_db}"
        return None
    tmp = Path(tempfile.mkdtemp(prefix="sentra-bench-catalog-"))
    env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    return tmp


def teardown_database(args, tmp):
    if args.keep:
        return
    if args.postgres:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.pg_db], check=False)
    elif tmp:
        shutil.rmtree(tmp, ignore_errors=True)


def demo_photo(i: int) -> bytes:
    """A deterministic 1600×1200 picture with shapes (compresses like a real photo, not like noise)."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(i)
    img = Image.new("RGB", (1600, 1200), tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y = rng.randrange(1600), rng.randrange(1200)
        r = rng.randrange(20, 260)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    img = img.filter(ImageFilter.GaussianBlur(3))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88)
    return out.getvalue()


def populate(n_products: int, n_photos: int):
    """Runs inside Django: demo registry, n_products published products, photos on the newest ones."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db.models import F
    from django.utils import timezone

    from sentra.catalog.demo import SPECS
    from sentra.catalog.models import Category, Product
    from sentra.catalog.search import build_search_text, vocabulary_add
    from sentra.catalog.services import photo_add
    from sentra.registry.demo import seed_demo
    from sentra.registry.models import Business

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    seed_demo()
    businesses = list(Business.objects.filter(is_demo=True).select_related("district").order_by("pk"))
    by_kind = {}
    for b in businesses:
        by_kind.setdefault(b.products, []).append(b)
    kinds = [k for k in SPECS if by_kind.get(k)]
    rng = random.Random(20251031)
    start = timezone.make_aware(dt.datetime(2024, 1, 1))
    labels = {c: (str(lbl), c) for c, lbl in Category.choices}
    vocabulary = set()
    batch = []
    made = Product.objects.count()
    for i in range(made, n_products):
        kind = kinds[i % len(kinds)]
        name, name_en, category, desc, desc_en, (low, high), unit, shelf = SPECS[kind]
        adj, adj_en = ADJECTIVES[rng.randrange(len(ADJECTIVES))]
        business = rng.choice(by_kind[kind])
        p = Product(
            business=business,
            name=f"{name} {adj}",
            name_en=f"{adj_en} {name_en}",
            description=desc,
            description_en=desc_en,
            category=category,
            price_min=low,
            price_max=high,
            unit=unit,
            min_order=10,
            monthly_capacity=rng.choice([50, 100, 300, 1000]),
            shelf_life_days=shelf,
            is_published=True,
            published_at=start + dt.timedelta(minutes=i),
            is_demo=True,
        )
        p.search_text = build_search_text(
            p.name, p.name_en, desc, desc_en, " ".join(labels[category]), business.name, business.district.name
        )
        vocabulary.add(p.search_text)
        batch.append(p)
        if len(batch) == 5000:
            Product.objects.bulk_create(batch)
            batch = []
    Product.objects.bulk_create(batch)
    vocabulary_add(" ".join(vocabulary))
    log(f"populated {Product.objects.count()} products in {time.perf_counter() - t0:.1f} s")
    # Published ones only, NULLs last: on PostgreSQL "published_at DESC" puts the unpublished demo
    # products (no date) first, and the photos (and the page-weight product) went to them.
    newest = list(
        Product.objects.filter(is_published=True).order_by(F("published_at").desc(nulls_last=True), "-id")[:n_photos]
    )
    for i, product in enumerate(newest):
        photo_add(actor=None, product=product, upload=SimpleUploadedFile(f"p{i}.jpg", demo_photo(i), "image/jpeg"))
    Product.objects.filter(pk__in=[p.pk for p in newest[:8]]).update(is_featured=True)
    from django.db import connection

    if connection.vendor == "postgresql":
        # A live server's autovacuum would have vacuumed and analysed the tables after such a
        # load. Without statistics the planner takes every table for one row and nests loops for
        # seconds; without the vacuum, autovacuum runs during the measured load and its CPU counts
        # against whichever page is being measured.
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    log(f"photos on the {len(newest)} newest products")


def wait_for(url: str, seconds: float = 30):
    end = time.time() + seconds
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url}")


def start_server(env, args, static_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "bench.catalog_wsgi:application",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(base + static_path)
    return server, base


def stop_server(server):
    if server is None or server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def run_wrk(base: str, name: str, paths: list[str], args, workdir: Path, seconds: int | None = None) -> dict:
    seconds = seconds or args.seconds
    path_file = workdir / f"{name}.paths"
    path_file.write_text("\n".join(paths) + "\n")
    script = Path(__file__).with_name("catalog_wrk.lua")
    cmd = [
        "wrk",
        "-t2",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
        base,
        "--",
        str(path_file),
    ]
    account = CpuAccount(("gunicorn", "postgres")).start()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT")), "")
    figures = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    cpu = account.stop(figures.get("requests", 0))
    figures.update(cpu_ms=cpu["busy"], cpu_app_ms=cpu["gunicorn"], cpu_db_ms=cpu["postgres"])
    return figures


def page_weight(base: str, paths: dict) -> dict:
    sys.path.insert(0, str(ROOT))
    from sentra.testing.browser import chromium_browser

    results = {}
    with chromium_browser() as context:
        for name, path in paths.items():
            page = context.new_page()
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(base + path, wait_until="networkidle")
            entries = page.evaluate(
                """() => {
                  const nav = performance.getEntriesByType('navigation')[0];
                  const res = performance.getEntriesByType('resource');
                  return {html: nav.transferSize, html_decoded: nav.decodedBodySize,
                          resources: res.map(r => [r.name, r.transferSize, r.initiatorType])};
                }"""
            )
            images_in_page = page.locator("img").count()
            total = entries["html"] + sum(r[1] for r in entries["resources"])
            results[name] = {
                "total_kb": round(total / 1024, 1),
                "html_kb": round(entries["html"] / 1024, 1),
                "html_uncompressed_kb": round(entries["html_decoded"] / 1024, 1),
                "requests": 1 + len(entries["resources"]),
                "images_loaded": sum(1 for r in entries["resources"] if r[2] == "img"),
                "images_in_page": images_in_page,
            }
            page.close()
    return results


def log_line(name: str, r: dict, args) -> None:
    log(
        f"{name:17s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.2f} ms  p95 {r['p95_ms']:6.2f} ms  "
        f"p99 {r['p99_ms']:6.2f} ms  errors {int(r['errors'])}  non-2xx {int(r['non2xx'])}  "
        f"CPU/req {r['cpu_ms']:.2f} ms (app {r['cpu_app_ms']:.2f}"
        + (f", PostgreSQL {r['cpu_db_ms']:.2f})" if args.postgres else ")")
    )


def listing_met(r: dict) -> bool:
    return r["rps"] >= 1000 and r["p99_ms"] <= 100


def search_met(results: dict) -> bool:
    return results["search"]["p95_ms"] <= 50


def log_verdict(results: dict) -> None:
    ceiling = results["static (ceiling)"]["rps"] or 1
    log(
        "ratio to the static-file ceiling: "
        + ", ".join(
            f"{name} {results[name]['rps'] / ceiling:.1%}" for name in ("listing", "filters", "search", "product")
        )
    )

    def verdict(ok: bool) -> str:
        return "MET" if ok else "NOT MET"

    log(
        f"targets: listing >= 1000 req/s and p99 <= 100 ms: {verdict(listing_met(results['listing']))} "
        f"(filters: {verdict(listing_met(results['filters']))}); "
        f"search p95 <= 50 ms: {verdict(search_met(results))}"
    )


def median_round(rounds: list[dict]) -> dict:
    """Each figure of each page kind: its median over the rounds (the machines here drift within the hour)."""
    return {
        name: {key: statistics.median(r[name][key] for r in rounds) for key in rounds[0][name]} for name in rounds[0]
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--photos", type=int, default=48)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=8, help="seconds of unmeasured load per page kind first")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--pg-db", default=PG_DB, help="PostgreSQL database to create and drop (BENCH_CATALOG_PG_DB)")
    parser.add_argument("--queries", type=int, default=1200, help="distinct search queries and filter combinations")
    parser.add_argument(
        "--rounds", type=int, default=1, help="measured passes per cache mode; each printed, then their median"
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--populate-only", action="store_true", help="fill the database, keep it and stop")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    env = dict(os.environ)
    tmp = setup_database(args, env)
    workdir = Path(tempfile.mkdtemp(prefix="sentra-bench-run-"))
    media = workdir / "media"
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "sentra.settings",
            "SENTRA_ENV": "development",  # demo data is refused in production; DEBUG is off below
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MEDIA_ROOT": str(media),
            "LOG_LEVEL": "WARNING",
            "DB_CONN_MAX_AGE": "60",  # persistent connections, as in production
            # Media files are served by a web server in production; here WhiteNoise stands in
            # for it (bench/catalog_wsgi.py) so the browser can load photos.
            "SENTRA_BENCH_MEDIA": str(media),
        }
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    server = None
    all_results = {}
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        populate(args.products, args.photos)
        if args.populate_only:
            args.keep = True
            log(f"kept: {env['DATABASE_URL']}")
            return
        from django.contrib.staticfiles.storage import staticfiles_storage
        from django.db import connection
        from django.db.models import F

        from sentra.catalog.models import Product
        from sentra.regions.selectors import districts_of_home_regency

        ids = list(Product.objects.order_by("?").values_list("pk", flat=True)[:2000])
        product_paths = [p.get_absolute_url("id") for p in Product.objects.filter(pk__in=ids)]
        static_path = "/static/" + staticfiles_storage.stored_name("catalog/catalog.css")
        filters = filter_paths(args.queries, list(districts_of_home_regency().values_list("pk", flat=True)))
        connection.close()

        listing_paths = [f"/katalog/produk/?page={n}" for n in range(1, 41)] + ["/katalog/produk/"] * 10
        search_paths = [f"/katalog/produk/?q={q.replace(' ', '+')}" for q in search_queries(args.queries)]
        log(f"CPU probe {cpu_probe_ms():.0f} ms (lower is faster; bench/machine.py)")
        log(
            f"\n== {args.products:,} products, gunicorn {args.workers} sync workers, wrk 2 threads "
            f"{args.connections} connections {args.seconds}s per page kind, DB "
            f"{'PostgreSQL' if args.postgres else 'SQLite'}; listing rotates over 40 pages, filters over "
            f"{len(filters)} combinations, search over {len(search_paths)} queries (about a third misspelt), "
            f"product over {len(product_paths)} products"
        )
        for mode, cache_seconds in (("page cache on (default, 60 s)", "60"), ("page cache off", "0")):
            server, base = start_server({**env, "CATALOG_CACHE_SECONDS": cache_seconds}, args, static_path)
            try:
                log(f"-- {mode}")
                # Warm-up: a short wrk pass per page kind, so that every worker has loaded its code
                # and (with the page cache) seen the pages; not counted.
                kinds = [("listing", listing_paths), ("filters", filters), ("search", search_paths)]
                kinds.append(("product", product_paths))
                for name, paths in kinds:
                    run_wrk(base, f"warm-{name}", paths, args, workdir, seconds=args.warmup)
                rounds = []
                for number in range(1, args.rounds + 1):
                    if args.rounds > 1:
                        log(f"round {number} of {args.rounds}")
                    results = {}
                    for name, paths in [("static (ceiling)", [static_path]), *kinds]:
                        results[name] = run_wrk(base, name.split()[0], paths, args, workdir)
                        log_line(name, results[name], args)
                    log_verdict(results)
                    rounds.append(results)
                if args.rounds > 1:
                    results = median_round(rounds)
                    log(f"median of {args.rounds} rounds (each figure on its own)")
                    for name, r in results.items():
                        log_line(name, r, args)
                    log_verdict(results)
                    met = sum(search_met(r) for r in rounds)
                    log(f"search p95 <= 50 ms met in {met} of {args.rounds} rounds")
                results = {"rounds": rounds, **results} if args.rounds > 1 else results
                all_results[mode] = results
            finally:
                stop_server(server)

        log(f"CPU probe after the load runs {cpu_probe_ms():.0f} ms")
        server, base = start_server(env, args, static_path)
        newest = (
            Product.objects.filter(photos__isnull=False, is_published=True)
            .order_by(F("published_at").desc(nulls_last=True))
            .first()
        )
        weight = page_weight(base, {"listing": "/katalog/produk/", "product": newest.get_absolute_url("id")})
        log("\n== first load in headless Chromium, 390×844 viewport (transferred bytes, compressed)")
        for name, w in weight.items():
            log(
                f"{name:8s} {w['total_kb']:7.1f} KB total in {w['requests']} requests; HTML {w['html_kb']} KB "
                f"({w['html_uncompressed_kb']} KB uncompressed); images loaded {w['images_loaded']} of "
                f"{w['images_in_page']} in the page (lazy) — target <= 300 KB: "
                f"{'MET' if w['total_kb'] <= 300 else 'NOT MET'}"
            )
        if args.json:
            Path(args.json).write_text(json.dumps({"wrk": all_results, "weight": weight}, indent=2))
    finally:
        stop_server(server)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 — cleanup must go on
            pass
        teardown_database(args, tmp)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
