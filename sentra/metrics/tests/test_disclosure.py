"""The disclosure-control function on hand-made tables (no database), each result checked by linear programming."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from sentra.metrics.cells import Cell
from sentra.metrics.disclosure import PROTECTION, Group, Table, category_table, protect, sector_table
from sentra.metrics.tests.lp import System


def table_of(grid: list[list[int]]) -> Table:
    rows = [f"r{i}" for i in range(len(grid))]
    columns = [f"c{j}" for j in range(len(grid[0]))]
    values = {(r, c): grid[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    return Table(rows, columns, values, [Group(c, (c,), 1) for c in columns])


def intervals(table: Table, hidden) -> dict:
    """{(row, group): (min, max)} of every hidden and every sensitive number, given what `table` publishes."""
    system = System()
    for r in table.rows:
        system.equal([(r, c) for c in table.columns], sum(table.values.get((r, c), 0) for c in table.columns))
    for c in table.columns:
        system.equal([(r, c) for r in table.rows], sum(table.values.get((r, c), 0) for r in table.rows))
    for r in table.rows:
        for g in table.groups:
            if g.cost > 0 and (r, g.name) not in hidden:
                system.equal([(r, c) for c in g.columns], table.value(r, g))
    asked = {(r, g.name): g for r in table.rows for g in table.groups if (r, g.name) in hidden}
    asked.update({(r, g.name): g for r in table.rows for g in table.groups if 0 < table.value(r, g) < 3})
    return {(r, name): system.interval([(r, c) for c in g.columns]) for (r, name), g in asked.items()}


def assert_protected(table: Table, hidden) -> None:
    for key, (low, high) in intervals(table, hidden).items():
        assert high - low >= PROTECTION - 1e-6, (key, low, high)


def test_a_small_cell_is_hidden_with_complements_in_its_row_and_column():
    table = table_of([[10, 2, 7], [8, 9, 6], [5, 6, 12]])
    hidden = protect(table)
    assert ("r0", "c1") in hidden
    for line in range(3):  # no row or column has a single hidden cell (its total would give it away)
        assert sum(1 for r, c in hidden if r == f"r{line}") != 1
        assert sum(1 for r, c in hidden if c == f"c{line}") != 1
    assert len(hidden) == 4  # one rectangle suffices
    assert_protected(table, hidden)


def test_nothing_is_hidden_when_nothing_is_small():
    table = table_of([[10, 0, 3], [4, 5, 6]])
    assert protect(table) == frozenset()


def test_a_complement_is_wide_enough_not_merely_present():
    # the first choice of complement (c2, value 1 in r1) would allow only [0, 2]: another row is taken
    table = table_of([[9, 1, 4], [6, 7, 1], [8, 9, 9]])
    hidden = protect(table)
    assert {("r0", "c1"), ("r1", "c2")} <= hidden
    assert_protected(table, hidden)


def test_result_is_stable_whatever_the_order_of_the_values():
    grid = [[random.Random(i * 7 + j).randint(0, 6) for j in range(4)] for i in range(9)]
    table = table_of(grid)
    first = protect(table)
    items = list(table.values.items())
    random.Random(1).shuffle(items)
    assert protect(Table(table.rows, table.columns, dict(items), table.groups)) == first
    assert protect(table) == first


def _cells(rows):
    """Cells from (area, sector, with NIB, without NIB)."""
    zero = dict.fromkeys(Cell._fields[7:], 0)
    return [
        Cell(area=a, sector=s, scale="mikro", market_reach="local", status="active", n=n + o, n_nib=n, **zero)
        for a, s, n, o in rows
    ]


def test_a_nib_count_whose_complement_is_small_is_hidden_and_moved_between_sectors():
    cells = _cells(
        [
            ("A", "food", 12, 1),
            ("A", "craft", 5, 6),
            ("B", "food", 9, 8),
            ("B", "craft", 7, 5),
            ("C", "food", 10, 11),
            ("C", "craft", 4, 9),
        ]
    )
    table = sector_table(cells, ["A", "B", "C"], ["food", "craft"], cells_published=True)
    hidden = protect(table)
    # 12 of 13 with an NIB: exactly one without — the cell's NIB count goes, its count stays
    assert ("A", "nib:food") in hidden and ("A", "count:food") not in hidden
    # the kecamatan's NIB count (a contract figure) is kept: the NIB moves between the sectors of two rows
    assert not any(g == "nib" for _r, g in hidden)
    assert_protected(table, hidden)


def test_a_kecamatan_nib_count_of_two_is_hidden():
    cells = _cells([("A", "food", 2, 9), ("A", "craft", 0, 5), ("B", "food", 6, 7), ("B", "craft", 5, 4)])
    cells += _cells([("C", "food", 8, 3), ("C", "craft", 3, 6)])
    table = sector_table(cells, ["A", "B", "C"], ["food", "craft"], cells_published=True)
    hidden = protect(table)
    assert ("A", "nib") in hidden
    assert sum(1 for _r, g in hidden if g == "nib") >= 2  # and another kecamatan's, or its total gives it
    assert_protected(table, hidden)


def test_unpublished_categories_protect_and_are_protected():
    zero = dict.fromkeys(Cell._fields[6:], 0)
    counts = [("A", "mikro", 7), ("A", "kecil", 1), ("A", "", 2), ("B", "mikro", 9), ("B", "kecil", 4), ("B", "", 3)]
    cells = [
        Cell(area=a, sector="food", scale=s, market_reach="local", status="active", n=n, **zero) for a, s, n in counts
    ]
    table = category_table(cells, ["A", "B"], "scale", ["mikro", "kecil", "menengah", ""], {"mikro", "kecil"})
    hidden = protect(table)
    assert ("A", "count:kecil") in hidden and ("B", "count:kecil") in hidden
    assert_protected(table, hidden)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=3, max_size=3), min_size=4, max_size=7))
def test_every_hidden_and_small_number_keeps_an_interval_of_three(grid):
    """Where the margins leave room (every row and column total at least 6), the property holds on any table."""
    table = table_of(grid)
    if any(sum(row) < 6 for row in grid) or any(sum(col) < 6 for col in zip(*grid)):
        return
    hidden = protect(table)
    for key, (low, high) in intervals(table, hidden).items():
        assert high - low >= PROTECTION - 1e-6, (grid, key, low, high)
