import pytest

from sentra.registry.scale import MILIAR, scale_for


@pytest.mark.parametrize(
    "capital, sales, expected",
    [
        (None, None, ""),
        (1 * MILIAR, None, "mikro"),  # ≤ Rp1 miliar is still mikro
        (1 * MILIAR + 1, None, "kecil"),
        (5 * MILIAR, None, "kecil"),
        (5 * MILIAR + 1, None, "menengah"),
        (10 * MILIAR + 1, None, "besar"),
        (None, 2 * MILIAR, "mikro"),
        (None, 2 * MILIAR + 1, "kecil"),
        (None, 15 * MILIAR + 1, "menengah"),
        (None, 50 * MILIAR + 1, "besar"),
        (50_000_000, 3 * MILIAR, "kecil"),  # the larger class of the two decides
        (6 * MILIAR, 100_000_000, "menengah"),
    ],
)
def test_scale_per_pp_7_2021(capital, sales, expected):
    assert scale_for(capital, sales) == expected
