"""How fast this machine is right now: the machines here are shared and their speed drifts (the probe has
read 54 ms and 97 ms on one idle-looking machine within the hour, with no steal time shown), so each
benchmark prints the probe at its start and end — to tell a slower program from a slower machine."""

import os
import time


def cpu_probe_ms() -> float:
    """The same pure-Python loop, best of five, in ms (lower is faster)."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.perf_counter() - started)
    return best * 1000


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")  # the unit of /proc's CPU times


def cpu_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat: everything but idle and iowait)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / CLOCK_TICKS  # guest time is already in user


def process_cpu_seconds() -> dict[int, tuple[str, float]]:
    """{pid: (command name, user + system CPU seconds)} of the processes alive now (Linux /proc),
    with the CPU of the children each has reaped (a PostgreSQL backend that exited counts in the
    postmaster, a gunicorn worker in its master)."""
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:  # gone meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        out[int(pid)] = (name, sum(int(x) for x in fields[11:15]) / CLOCK_TICKS)
    return out


class CpuAccount:
    """CPU spent during a stretch of work, in ms per request: all cores busy, and the share of
    processes whose command name starts with each given prefix (e.g. "gunicorn", "postgres").
    A process of a group that exits before `stop` is counted through the parent that reaps it, in
    the same group (a PostgreSQL backend whose connection reached DB_CONN_MAX_AGE is reaped by the
    postmaster, a gunicorn worker by its master): the parent's reaped-children time then holds all
    of the process's CPU, so what it had spent before `start` is taken off. A process reaped by a
    parent outside the groups (a load generator run as a child) counts only in the total.
    Busy CPU per request, unlike requests per second, does not depend on how many connections
    queue; it still grows when the machine is slower (see cpu_probe_ms)."""

    def __init__(self, groups: tuple[str, ...]):
        self.groups = groups

    def start(self):
        self.busy, self.procs = cpu_busy_seconds(), process_cpu_seconds()
        return self

    def stop(self, requests: float) -> dict[str, float]:
        busy, procs = cpu_busy_seconds(), process_cpu_seconds()
        per = 1000 / max(requests, 1)
        out = {"busy": (busy - self.busy) * per, **dict.fromkeys(self.groups, 0.0)}
        for pid, (name, spent) in procs.items():
            group = next((g for g in self.groups if name.startswith(g)), None)
            before_name, before = self.procs.get(pid, (name, 0.0))
            if group is not None and before_name == name:  # a pid now under another name is skipped
                out[group] += (spent - before) * per
        for pid, (name, before) in self.procs.items():
            group = next((g for g in self.groups if name.startswith(g)), None)
            if group is not None and (pid not in procs or procs[pid][0] != name):
                out[group] -= before * per  # gone: its whole CPU is now in its parent's reaped time
        return out
