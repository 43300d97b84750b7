#!/usr/bin/env python3
"""The catalog listing's result count (public_read.result_count, capped at COUNT_CAP + 1) against the page
itself (public_read.card_page), in process, on a fresh SQLite file with N published products (catalog_bench's
populate). The count runs only when the page has a next one; on the last page the count comes from the page.

    .venv/bin/python bench/catalog_count_bench.py [--products 100000]
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def timed(f, n=15) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="sentra-count-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from catalog_bench import populate

        populate(args.products, 0)
        from sentra.catalog import public_read
        from sentra.catalog.search import suggestion

        d = public_read.home_districts()
        combos = [
            {},
            {"category": "snack"},
            {"district": d[0][0]},
            {"certification": "halal"},
            {"export_ready": True},
            {"q": "keripik"},
            {"q": "kripik tempe"},
            {"q": "kopi", "category": "coffee"},
            {"q": "kripik", "district": d[1][0]},
        ]
        for filters in combos:
            page = timed(lambda f=filters: public_read.card_page(f, 1, 24))
            count = timed(lambda f=filters: public_read.result_count(f))
            print(f"{filters}: page {page:.1f} ms, count {count:.1f} ms ({public_read.result_count(filters)})")
        print(f"suggestion('keripk tmepe'): {timed(lambda: suggestion('keripk tmepe')):.2f} ms")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
