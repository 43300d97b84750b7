"""bench/machine.py's CPU accounting, which the catalog benchmark prints per request."""

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


SPIN_CHILD = (
    "import sys, time\n"
    "end = time.process_time() + float(sys.argv[1])\n"
    "while time.process_time() < end: pass\n"
    "print('ready', flush=True)\n"
    "sys.stdin.readline()\n"
)


def test_a_child_that_exits_meanwhile_counts_through_the_parent_that_reaped_it():
    """Like a PostgreSQL backend that ends during the load: its CPU shows in the postmaster's reaped time."""
    me = process_cpu_seconds()[os.getpid()][0]
    account = CpuAccount((me,)).start()
    subprocess.run([sys.executable, "-c", SPIN_CHILD, "0.3"], input="\n", text=True, check=True, capture_output=True)
    spent = account.stop(requests=1)
    assert spent[me] >= 250


def test_what_such_a_child_spent_before_the_start_is_not_counted():
    me = process_cpu_seconds()[os.getpid()][0]
    child = subprocess.Popen(
        [sys.executable, "-c", SPIN_CHILD, "0.4"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "ready"  # its 0.4 s are spent
    account = CpuAccount((me,)).start()
    child.communicate("\n")  # it exits and is reaped: its 0.4 s move into this process's reaped time
    spent = account.stop(requests=1)
    assert spent[me] < 200
