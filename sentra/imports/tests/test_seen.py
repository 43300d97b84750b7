"""SeenKeys (the import's compact memory of keys seen earlier in the file) behaves like dict.setdefault."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from sentra.imports.seen import SeenKeys

keys = st.integers(min_value=-(1 << 63) + 1, max_value=(1 << 63) - 1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(keys, st.integers(-3, 3)), max_size=300))
def test_first_row_per_key_like_a_dict(values):
    seen, truth = SeenKeys(capacity_bits=2), {}
    for row, key in enumerate(values, start=1):
        assert seen.first(key, row) == truth.get(key, 0)
        truth.setdefault(key, row)
    assert len(seen) == len(truth)


def test_many_keys_survive_growing():
    rng = random.Random(7)
    values = [rng.randrange(10**12, 10**13) for _ in range(50_000)] + list(range(0, 2000))
    seen, truth = SeenKeys(), {}
    for row, key in enumerate(values * 2, start=1):
        assert seen.first(key, row) == truth.get(key, 0)
        truth.setdefault(key, row)
