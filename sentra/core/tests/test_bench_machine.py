"""bench/machine.py's CPU accounting, which the catalog benchmark prints per request."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

from machine import CpuAccount, cpu_busy_seconds, process_cpu_seconds  # noqa: E402


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_cpu_spent_by_this_process_is_counted_in_its_group_and_in_the_total():
    me = process_cpu_seconds()[os.getpid()][0]
    account = CpuAccount((me, "no-such-process")).start()
    _spin(0.3)
    spent = account.stop(requests=10)  # ms per request
    assert spent[me] >= 0.25 * 1000 / 10
    assert spent["no-such-process"] == 0
    assert spent["busy"] >= spent[me] * 0.9  # all cores' busy time holds this process's (ticks round)


def test_busy_seconds_grow_with_work():
    before = cpu_busy_seconds()
    _spin(0.2)
    assert cpu_busy_seconds() - before >= 0.15
