"""Disclosure control (sentra/metrics/disclosure.py `protect`), uncached, on synthetic tables (no database).

    .venv/bin/python bench/disclosure_bench.py

Prints, per table shape, the median and worst of 5 runs and how many numbers are hidden: a regency like the demo
(28 kecamatan × 2 sectors × with/without NIB, few small numbers) and hard cases (many kecamatan, many sectors,
most numbers 0–6). The result is cached under the figures version, so this is paid once per registry write.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from bench.machine import cpu_probe_ms  # noqa: E402
from sentra.metrics.cells import Cell  # noqa: E402
from sentra.metrics.disclosure import protect, sector_table  # noqa: E402

ZERO = dict.fromkeys(Cell._fields[7:], 0)


def cells(areas: int, sectors: int, with_nib: tuple[int, int], without: tuple[int, int], seed: int = 3):
    rnd = random.Random(seed)
    return [
        Cell(
            area=f"a{a:03d}",
            sector=f"s{s}",
            scale="mikro",
            market_reach="local",
            status="active",
            n=n + o,
            n_nib=n,
            **ZERO,
        )
        for a in range(areas)
        for s in range(sectors)
        for n, o in [(rnd.randint(*with_nib), rnd.randint(*without))]
    ]


def run(label: str, areas: int, sectors: int, with_nib, without) -> None:
    table = sector_table(
        cells(areas, sectors, with_nib, without),
        [f"a{a:03d}" for a in range(areas)],
        [f"s{s}" for s in range(sectors)],
        cells_published=True,
    )
    times, hidden = [], None
    for _ in range(5):
        started = time.perf_counter()
        hidden = protect(table)
        times.append((time.perf_counter() - started) * 1000)
    print(f"{label}: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms, {len(hidden)} hidden")


if __name__ == "__main__":
    print(f"CPU probe {cpu_probe_ms():.0f} ms")
    run("demo-like 28 x 2 sectors", 28, 2, (5, 60), (1, 20))
    run("28 x 2 sectors, small numbers", 28, 2, (0, 6), (0, 4))
    run("60 x 6 sectors, small numbers", 60, 6, (0, 6), (0, 4))
    print(f"CPU probe {cpu_probe_ms():.0f} ms")
