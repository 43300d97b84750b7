"""How fast this machine is right now: the machines here are shared and their speed drifts (the probe has
read 54 ms and 97 ms on one idle-looking machine within the hour, with no steal time shown), so each
benchmark prints the probe at its start and end — to tell a slower program from a slower machine."""

import time


def cpu_probe_ms() -> float:
    """The same pure-Python loop, best of five, in ms (lower is faster)."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.perf_counter() - started)
    return best * 1000
