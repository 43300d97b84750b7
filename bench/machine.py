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


def process_cpu_seconds() -> dict[int, tuple[str, float, int]]:
    """{pid: (command name, user + system CPU seconds, parent pid)} of the processes alive now (Linux
    /proc); a process's seconds include those of the children it has reaped (a PostgreSQL backend
    that exited counts in the postmaster, a gunicorn worker in its master)."""
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
        out[int(pid)] = (name, sum(int(x) for x in fields[11:15]) / CLOCK_TICKS, int(fields[1]))
    return out


class CpuAccount:
    """CPU spent during a stretch of work, in ms per request: all cores busy, and the share of
    processes whose command name starts with each given prefix (e.g. "gunicorn", "postgres").
    A child that exits before `stop` counts in the group of the parent that reaps it (a PostgreSQL
    backend whose connection reached DB_CONN_MAX_AGE in the postmaster's, a gunicorn worker in its
    master's): the parent's reaped-children time then holds all of the child's CPU, so what the
    child had spent before `start` is taken off. A child of a parent outside the groups (a load
    generator run as a child) counts only in the total.
    Busy CPU per request, unlike requests per second, does not depend on how many connections
    queue; it still grows when the machine is slower (see cpu_probe_ms)."""

    def __init__(self, groups: tuple[str, ...]):
        self.groups = groups

    def _group(self, name: str) -> str | None:
        return next((g for g in self.groups if name.startswith(g)), None)

    def start(self):
        self.busy, self.procs = cpu_busy_seconds(), process_cpu_seconds()
        return self

    def stop(self, requests: float) -> dict[str, float]:
        busy, procs = cpu_busy_seconds(), process_cpu_seconds()
        per = 1000 / max(requests, 1)
        out = {"busy": (busy - self.busy) * per, **dict.fromkeys(self.groups, 0.0)}

        def same(pid: int) -> bool:  # the same process at start and stop: same name and parent (pids are reused)
            before, now = self.procs.get(pid), procs.get(pid)
            return before is not None and now is not None and (before[0], before[2]) == (now[0], now[2])

        for pid, (name, spent, _parent) in procs.items():
            group = self._group(name)
            if group is not None:
                out[group] += (spent - (self.procs[pid][1] if same(pid) else 0.0)) * per
        for pid, (_name, before, parent) in self.procs.items():
            group = self._group(procs[parent][0]) if parent in procs and not same(pid) else None
            if group is not None:
                out[group] -= before * per  # gone: all its CPU is now in its parent's reaped time
        return out
