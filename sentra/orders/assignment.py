"""Which producer makes which office's pieces: as few office × producer pairs as possible. Pure functions.

Rule (per garment type): offices are served largest demand first (ties: smaller office id). If some
producer's remaining allocation can take the office's whole demand, the office goes to the producer with
the *smallest* remaining allocation that still fits (best fit, ties: smaller producer id), so large
remainders stay whole for large offices. Otherwise the producer with the *largest* remaining allocation
takes as much as it has left, and the rest of the office's demand is served the same way. Where demand
exceeds what was allocated (shortfall), the offices served last (the smallest) keep an unserved rest.
"""

from bisect import bisect_left, insort


def assign(demands, allocation):
    """demands: {office_id: pieces}; allocation: {producer_id: pieces}.
    Returns (pairs, unserved): pairs a list of (office_id, producer_id, pieces) in a fixed order,
    unserved {office_id: pieces not covered}."""
    ids = sorted(allocation)
    rank = {pid: i for i, pid in enumerate(ids)}
    pool = sorted((allocation[pid], rank[pid]) for pid in ids if allocation[pid] > 0)
    pairs = []
    unserved = {}
    for office in sorted(demands, key=lambda o: (-demands[o], o)):
        need = demands[office]
        while need > 0 and pool:
            i = bisect_left(pool, (need, -1))
            if i < len(pool):
                left, r = pool.pop(i)
                take = need
            else:
                left, r = pool.pop()
                take = left
            pairs.append((office, ids[r], take))
            need -= take
            if left - take > 0:
                insort(pool, (left - take, r))
        if need > 0:
            unserved[office] = need
    return pairs, unserved


def split_lines(lines, portions):
    """An office's lines of one garment type [(key, qty), …] (key e.g. (technique, size)) over its
    producers' portions [(producer_id, pieces), …], in order: returns [(producer_id, key, qty), …]."""
    out = []
    portions = [list(p) for p in portions]
    j = 0
    for key, qty in lines:
        while qty > 0 and j < len(portions):
            pid, left = portions[j]
            take = min(qty, left)
            if take:
                out.append((pid, key, take))
            qty -= take
            portions[j][1] -= take
            if portions[j][1] == 0:
                j += 1
    return out
