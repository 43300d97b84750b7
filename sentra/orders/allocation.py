"""The fair split of a uniform order among producers (DESIGN.md contract).

``apportion(total, producers, min_batch)`` is a pure function: the same input
always gives the same output, it touches no database and reads no clock.

The rule (written down, so anyone can check it)
===============================================

**Sainte-Laguë / Webster with upper and lower bounds**, computed as a
highest-averages method. Every producer *i* with weight *w* has a row of
"signposts" — the priority of its 1st, 2nd, 3rd … piece::

    w/1, w/3, w/5, …, w/(2k+1), …      (only for k < capacity)

Pieces are handed out one by one, each to the producer whose next signpost is
highest. This is exactly Webster's divisor method (pieces = w/D rounded half up,
for a common divisor D) with every producer capped at its capacity; the
divisor reported to producers is ``D = 2 × the last signpost that received a
piece``.

* **Ties** (equal signposts of different producers) go to the producer with
  the smaller ``id`` (ids sorted ascending; mixed types are sorted by their
  text).
* **Weight 0**: such producers come after every producer with a positive
  weight is full, and among themselves they share in proportion to capacity.
  If every weight is 0 the whole split is therefore in proportion to
  capacity. A producer with capacity 0 always gets 0.
* **Total above capacity**: nobody gets more than its capacity; the sum is the
  total capacity (the rest is the shortfall, shown by the caller).

Because the pieces for ``total + 1`` are the pieces for ``total`` plus one
more, the split with ``min_batch == 1`` is *house-monotone*: a larger order
never gives anyone fewer pieces. Producers with equal weight and capacity have
identical signposts, taken in alternation, so their shares differ by at most
one piece.

Minimum batch above 1
---------------------

A producer gets 0 or at least ``min_batch`` pieces (never more than its
capacity; a producer whose capacity is below ``min_batch`` gets 0).

1. *What the bounds allow.* With K producers each taking between
   ``min_batch`` and its capacity, any sum from ``K × min_batch`` to the sum
   of their capacities can be reached. The largest reachable sum not above
   ``total`` is therefore ``N = min(total, sum of the K largest capacities)``
   with ``K = min(number of producers able to take min_batch,
   total // min_batch)``. Example: total 5, one producer of capacity 10,
   min_batch 6 → N = 0, nobody gets anything (6 would exceed the order).
2. *Who takes part.* Start with every producer whose capacity reaches
   ``min_batch`` and split N among them by the rule above (no lower bound).
   Producers whose share falls below ``min_batch`` are dropped (set to 0),
   smallest share first (then smaller weight, then larger id), as long as the
   others' capacity still covers N; then the split is run again among those
   left. If no such producer can be dropped without losing pieces, and there
   are too many producers for each to get ``min_batch``, the producer with
   the smallest weight (then smallest capacity, then larger id) whose
   capacity is not needed is dropped. Otherwise the producers left all get at
   least ``min_batch``: each starts at ``min_batch`` and the rest of N is
   handed out by the signposts from there on (Webster with a lower bound).

A minimum batch therefore costs some proportionality (a small producer may be
left at 0 in a round); the boost for producers without an order yet, applied
by the caller to the weights, evens that out over rounds.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Real

__all__ = ["apportion", "apportion_detail", "Split", "max_reachable"]


@dataclass(frozen=True)
class Split:
    """The result with what is needed to explain it."""

    shares: dict  # id -> pieces
    target: int  # the sum reached (total, or the most the bounds allow)
    divisor: Fraction | None  # Webster divisor D (pieces ≈ weight / D), None if no piece
    excluded: tuple  # ids left at 0 because of the minimum batch


class _P:
    """A producer as the split sees it: weight = num/den exactly (= the float wf)."""

    __slots__ = ("pid", "rank", "num", "den", "wf", "cap", "iw")

    def __init__(self, pid, rank, num, den, wf, cap):
        self.pid = pid
        self.rank = rank
        self.num = num
        self.den = den
        self.wf = wf
        self.cap = cap
        self.iw = 0  # weight × the common scale, an integer (set by _fill)


class _Sign:
    """A signpost w/o compared exactly (integers); "smaller" means a higher priority."""

    __slots__ = ("w", "o")

    def __init__(self, w, o):
        self.w = w
        self.o = o

    def __eq__(self, other):
        return self.w * other.o == other.w * self.o

    def __lt__(self, other):
        return self.w * other.o > other.w * self.o


def _scale(members):
    # Weights are binary floats: their denominators are powers of two, the largest is common.
    return max((p.den for p in members), default=1)


def _check(total, producers, min_batch):
    if isinstance(total, bool) or not isinstance(total, Integral) or total < 0:
        raise ValueError("total must be an int ≥ 0")
    if isinstance(min_batch, bool) or not isinstance(min_batch, Integral) or min_batch < 1:
        raise ValueError("min_batch must be an int ≥ 1")
    seen = set()
    out = []
    for p in producers:
        pid = p["id"]
        if pid in seen:
            raise ValueError(f"duplicate producer id {pid!r}")
        seen.add(pid)
        cap = p["capacity"]
        if type(cap) is not int and (isinstance(cap, bool) or not isinstance(cap, Integral)):
            raise ValueError(f"capacity of {pid!r} must be an int ≥ 0")
        if cap < 0:
            raise ValueError(f"capacity of {pid!r} must be an int ≥ 0")
        w = p["weight"]
        tw = type(w)
        if tw is not float and tw is not int and (isinstance(w, bool) or not isinstance(w, Real)):
            raise ValueError(f"weight of {pid!r} must be a finite number ≥ 0")
        # Weights are used as binary floating-point numbers (exactly, as fractions).
        wf = float(w)
        if not (0.0 <= wf < math.inf):
            raise ValueError(f"weight of {pid!r} must be a finite number ≥ 0")
        out.append((pid, int(cap), wf))
    return int(total), out, int(min_batch)


def _ranked(items):
    ids = [pid for pid, _, _ in items]
    try:
        order = sorted(range(len(ids)), key=lambda i: ids[i])
    except TypeError:
        order = sorted(range(len(ids)), key=lambda i: (str(ids[i]), type(ids[i]).__name__))
    ps = []
    for rank, i in enumerate(order):
        pid, cap, wf = items[i]
        num, den = wf.as_integer_ratio()
        ps.append(_P(pid, rank, num, den, wf, cap))
    return ps


def _jump(n, members, counts):
    """A multiplier lam (a producer's signposts at or above 1/lam number about weight × lam / 2),
    found with floating point so that about n pieces (at most, up to rounding) lie above it. Only
    speed depends on it: the caller counts exactly at lam. None when floating point cannot be
    trusted (extreme weights)."""
    wsum = sum(p.wf for p in members)
    if not all(1e-150 < p.wf < 1e150 for p in members) or not math.isfinite(wsum):
        return None

    rows = [(p.wf, counts[p.rank], p.cap) for p in members]

    def extra(lam):
        s = 0
        for wf, b, cap in rows:
            g = int((wf * lam + 1.0) // 2.0)
            if g > b:
                s += (g if g < cap else cap) - b
        return s

    lo, e_lo = 0.0, 0
    hi = 2.0 * n / wsum
    e_hi = extra(hi)
    while e_hi <= n:
        if hi > 1e150:
            return None
        lo, e_lo = hi, e_hi
        hi *= 2.0
        e_hi = extra(hi)
    # Interpolate (every third step bisect), stopping a few pieces short or when equal signposts
    # (ties) keep many pieces at one value: the exact one-by-one rule hands out the rest.
    for step in range(40):
        if e_hi - e_lo <= 8:
            break
        if step % 3 == 2:
            mid = (lo + hi) / 2.0
        else:
            t = (n - e_lo) / (e_hi - e_lo)
            mid = lo + (hi - lo) * min(max(t, 0.02), 0.98)
        if not lo < mid < hi:
            break
        e_mid = extra(mid)
        if e_mid <= n:
            lo, e_lo = mid, e_mid
        else:
            hi, e_hi = mid, e_mid
        if hi - lo <= lo * 1e-12:
            break
    return lo


def _exact_counts(members, counts, lam, scale):
    """Each producer's signposts w/(2k+1) ≥ 1/lam, counted exactly in integers (k < capacity, at
    least its base): with w = iw/scale and lam = a/b, that is floor((iw·a + scale·b) / (2·scale·b))."""
    a, b = lam.as_integer_ratio()
    sb = scale * b
    out = {}
    total = 0
    for p in members:
        g = (p.iw * a + sb) // (2 * sb)
        base = counts[p.rank]
        if g > base:
            g = g if g < p.cap else p.cap
            total += g - base
            out[p.rank] = g
    return out, total


def _fill(n, members, base):
    """Hand out ``n`` pieces among ``members`` (all with weight > 0) above
    ``base`` (dict rank -> starting count), highest signpost first, ties to the
    smaller rank. Returns (counts, last signpost given or None)."""
    counts = {p.rank: base.get(p.rank, 0) for p in members}
    room = sum(p.cap - counts[p.rank] for p in members)
    n = min(n, room)
    if n <= 0:
        return counts, None
    m = len(members)
    given = 0
    scale = _scale(members)
    for p in members:
        p.iw = p.num * (scale // p.den)
    if n == room:  # everybody full
        for p in members:
            counts[p.rank] = max(counts[p.rank], p.cap)
        return counts, _last_signpost(members, counts, base, scale)
    lam = _jump(n, members, counts) if n > 2 * m else None
    if lam is not None:
        # Every signpost at or above 1/lam comes before every one below it, so when there are at
        # most n of them they are all among the first n pieces: give them at once.
        for _ in range(50):
            exact, total = _exact_counts(members, counts, lam, scale)
            if total <= n:
                counts.update(exact)
                given = total
                break
            lam *= 1.0 - 1e-9
    # Heap keys: the signpost as a float first (IEEE division is correctly rounded, so the float
    # order never contradicts the exact order, it can only make unequal values look equal), then
    # the exact value (compared only when the floats are equal), then the rank for true ties.
    heap = []
    for p in members:
        k = counts[p.rank]
        if k < p.cap:
            o = 2 * k + 1
            heap.append((-(p.wf / o), _Sign(p.iw, o), p.rank, p))
    heapq.heapify(heap)
    while given < n:
        _, _sign, rank, p = heapq.heappop(heap)
        k = counts[rank] + 1
        counts[rank] = k
        given += 1
        if k < p.cap:
            o = 2 * k + 1
            heapq.heappush(heap, (-(p.wf / o), _Sign(p.iw, o), rank, p))
    return counts, _last_signpost(members, counts, base, scale)


def _last_signpost(members, counts, base, scale):
    """The lowest signpost that received a piece (exact), or None."""
    vmin, cands = math.inf, []
    for p in members:
        k = counts[p.rank]
        if k > base.get(p.rank, 0):
            v = p.wf / (2 * k - 1)
            if v < vmin:
                vmin, cands = v, [p]
            elif v == vmin:
                cands.append(p)
    if not cands:
        return None
    return min(Fraction(p.iw, 2 * counts[p.rank] - 1) for p in cands) / scale


def _split(n, members, lower):
    """Split exactly n pieces (n ≤ total capacity of members) among members,
    each starting at ``lower`` (0 or min_batch): positive weights first, then
    weight-0 producers in proportion to capacity."""
    base = {p.rank: lower for p in members}
    pos = [p for p in members if p.wf > 0]
    zero = [_P(p.pid, p.rank, p.cap, 1, float(p.cap), p.cap) for p in members if p.wf == 0 and p.cap > 0]
    n_rest = n - lower * len(members)
    counts = dict(base)
    counts1, last = _fill(n_rest, pos, base)
    counts.update(counts1)
    used = sum(counts1[p.rank] - lower for p in pos)
    if used < n_rest and zero:
        counts2, last0 = _fill(n_rest - used, zero, base)
        counts.update(counts2)
        if last is None:
            last = last0
    return counts, last


def max_reachable(total, capacities, min_batch):
    """The largest sum ≤ total that producers with these capacities can take
    when each takes 0 or between min_batch and its capacity."""
    caps = sorted((c for c in capacities if c >= min_batch), reverse=True)
    k = min(len(caps), total // min_batch)
    return min(total, sum(caps[:k]))


class _Reach:
    """max_reachable() of a group that producers leave one by one, kept up to date in O(1) steps:
    with K0 = total // min_batch, it is min(total, capacity sum) while at most K0 are left, else
    min(total, sum of the K0 largest capacities)."""

    def __init__(self, group, total, min_batch):
        self.total = total
        self.k0 = total // min_batch
        self.order = sorted(group, key=lambda p: (-p.cap, p.rank))
        self.pos = {p.rank: i for i, p in enumerate(self.order)}
        self.gone = set()
        self.size = len(group)
        self.capsum = sum(p.cap for p in group)
        self.j = min(self.size, self.k0)  # the K0 largest left are the ones not gone in order[:j]
        self.topk = sum(p.cap for p in self.order[: self.j])

    def _next(self):
        j = self.j
        while self.order[j].rank in self.gone:
            j += 1
        return j

    def after_removing(self, p):
        if self.size - 1 <= self.k0:
            return min(self.total, self.capsum - p.cap)
        if self.pos[p.rank] < self.j:
            return min(self.total, self.topk - p.cap + self.order[self._next()].cap)
        return min(self.total, self.topk)

    def remove(self, p):
        if self.size - 1 > self.k0 and self.pos[p.rank] < self.j:
            nxt = self._next()
            self.topk += self.order[nxt].cap - p.cap
            self.j = nxt + 1
        self.gone.add(p.rank)
        self.size -= 1
        self.capsum -= p.cap


def apportion_detail(total, producers, min_batch=1):
    total, items, min_batch = _check(total, producers, min_batch)
    ps = _ranked(items)
    shares = {p.pid: 0 for p in ps}
    able = [p for p in ps if p.cap >= min_batch and p.cap > 0]
    n = max_reachable(total, [p.cap for p in able], min_batch)
    if n == 0:
        return Split(shares, 0, None, tuple(p.pid for p in ps if p.cap > 0 and total > 0))
    group = list(able)
    excluded = []
    if min_batch == 1:
        counts, last = _split(n, group, 0)
    else:
        while True:
            counts, last = _split(n, group, 0)
            small = [p for p in group if counts[p.rank] < min_batch]
            if not small:
                break
            reach = _Reach(group, total, min_batch)
            drop = set()
            for p in sorted(small, key=lambda p: (counts[p.rank], p.wf, -p.rank)):
                if reach.after_removing(p) >= n:
                    reach.remove(p)
                    drop.add(p.rank)
            if not drop:
                if len(group) * min_batch <= n:
                    counts, last = _split(n, group, min_batch)
                    break
                # Too many producers for each to take min_batch: leave out one
                # whose capacity is not needed (there always is one: the
                # smallest capacity).
                needless = [p for p in group if reach.after_removing(p) >= n]
                victim = min(needless, key=lambda p: (p.wf, p.cap, -p.rank))
                drop.add(victim.rank)
            excluded.extend(p.pid for p in group if p.rank in drop)
            group = [p for p in group if p.rank not in drop]
    by_rank = {p.rank: p for p in ps}
    for rank, k in counts.items():
        shares[by_rank[rank].pid] = k
    divisor = 2 * last if last is not None else None
    return Split(shares, n, divisor, tuple(excluded))


def apportion(total, producers, min_batch=1):
    """Share ``total`` pieces among ``producers`` (dicts ``{id, capacity,
    weight}``); returns ``{id: pieces}`` for every producer. See the module
    docstring for the rule."""
    return apportion_detail(total, producers, min_batch).shares
