"""Business scale per PP 7/2021 (Pasal 35).

By business capital excluding land and buildings: mikro ≤ Rp1 miliar,
kecil > Rp1–5 miliar, menengah > Rp5–10 miliar. By annual sales: mikro ≤ Rp2 miliar,
kecil > Rp2–15 miliar, menengah > Rp15–50 miliar. Above that: besar.

Capital decides for businesses being founded, sales for running ones; when both are
known Sentra takes the larger of the two classes (a business with Rp3 miliar sales is
not "mikro" because its capital is small), when one is known it decides alone.
"""

MILIAR = 1_000_000_000

MIKRO, KECIL, MENENGAH, BESAR = "mikro", "kecil", "menengah", "besar"
ORDER = [MIKRO, KECIL, MENENGAH, BESAR]

CAPITAL_LIMITS = [(1 * MILIAR, MIKRO), (5 * MILIAR, KECIL), (10 * MILIAR, MENENGAH)]
SALES_LIMITS = [(2 * MILIAR, MIKRO), (15 * MILIAR, KECIL), (50 * MILIAR, MENENGAH)]


def _by_limits(amount, limits) -> str | None:
    if amount is None:
        return None
    for upper, scale in limits:
        if amount <= upper:
            return scale
    return BESAR


def scale_for(capital: int | None, annual_sales: int | None) -> str:
    """'' when neither figure is known."""
    classes = [c for c in (_by_limits(capital, CAPITAL_LIMITS), _by_limits(annual_sales, SALES_LIMITS)) if c]
    if not classes:
        return ""
    return max(classes, key=ORDER.index)
