"""Linear programming an attacker would do: the least and greatest value a number can take given what is published.

Tests only (scipy is a test dependency). Variables are non-negative leaf counts; every published number is an
equation over them; `interval()` minimises and maximises a sum of leaves subject to all of them.
"""

import numpy as np
from scipy.optimize import linprog


class System:
    def __init__(self):
        self.index: dict = {}
        self.equations: list[tuple[dict, float]] = []

    def var(self, key) -> int:
        return self.index.setdefault(key, len(self.index))

    def equal(self, keys, value) -> None:
        """sum(keys) == value (each key a leaf, created on first use)."""
        row: dict[int, float] = {}
        for k in keys:
            i = self.var(k)
            row[i] = row.get(i, 0) + 1
        self.equations.append((row, float(value)))

    def _matrices(self):
        a = np.zeros((len(self.equations), len(self.index)))
        b = np.zeros(len(self.equations))
        for j, (row, value) in enumerate(self.equations):
            for i, coef in row.items():
                a[j, i] = coef
            b[j] = value
        return a, b

    def interval(self, keys) -> tuple[float, float]:
        """(min, max) of sum(keys) over every non-negative solution of the equations."""
        for k in keys:
            self.var(k)
        if getattr(self, "_built", None) is None or self._built[0] != (len(self.index), len(self.equations)):
            self._built = ((len(self.index), len(self.equations)), self._matrices())
        a, b = self._built[1]
        c = np.zeros(len(self.index))
        for k in keys:
            c[self.index[k]] += 1
        low = linprog(c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status == 0, (low.message, high.message)
        return low.fun, -high.fun
