"""bench/catalog_bench.py --rounds: each figure's median over the rounds, and the verdict on it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalog_bench import median_round, search_met  # noqa: E402


def _round(search_p95: float, search_rps: float) -> dict:
    figures = {"rps": 2000.0, "p95_ms": 5.0}
    return {"static (ceiling)": dict(figures), "search": {"rps": search_rps, "p95_ms": search_p95}}


def test_each_figure_is_the_median_of_its_own_rounds():
    rounds = [_round(61.0, 300.0), _round(44.0, 460.0), _round(49.0, 350.0)]
    median = median_round(rounds)
    assert median["search"] == {"rps": 350.0, "p95_ms": 49.0}
    assert median["static (ceiling)"] == {"rps": 2000.0, "p95_ms": 5.0}


def test_search_target_is_judged_on_p95():
    assert search_met(_round(50.0, 1.0))
    assert not search_met(_round(50.1, 10_000.0))
    assert [search_met(r) for r in (_round(61.0, 300.0), _round(44.0, 460.0))] == [False, True]
