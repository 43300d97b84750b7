"""Percentages that add up to 100 (pure; no Django)."""


def largest_remainder(counts: list[int], total_percent: int = 100) -> list[int]:
    """Whole percentages that add up to exactly 100 (Hamilton's method); all zeros when nobody voted.
    Ties of the remainder go to the earlier option."""
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    floors = [c * total_percent // total for c in counts]  # integer arithmetic: no float remainders
    left = total_percent - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(counts[i] * total_percent % total), i))
    for i in order[:left]:
        floors[i] += 1
    return floors
