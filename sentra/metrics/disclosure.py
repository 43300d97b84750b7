"""Disclosure control of everything Sentra publishes: one function, `protect()`, decides which numbers of the
tables published together may be shown; `regency_release()` (and `national_release()`) apply it to what a
regency publishes. /statistik/ (its table and map), GET /api/v1/statistics, the open data of /data/ and
/api/v1/open-data/, and the federation's signed datasets all read their figures through them.

What is published together, for one regency (the federation dataset repeats the same numbers):
- margins, always exact (the contract in DESIGN.md): the regency's totals, each kecamatan's number of IKM,
  each sector's number of IKM and of IKM with an NIB, and the regency's IKM per scale and per market reach;
- the kecamatan × sector table: IKM (`jumlah_ikm`) and IKM with an NIB (`ikm_bernib`) per cell;
- each kecamatan's IKM with an NIB (`by_district.with_nib`, the map's "ber-NIB" and "cakupan NIB");
- the kecamatan × scale and kecamatan × market-reach tables (IKM per cell).
Regency-wide figures that are not broken down by kecamatan (permits, workers, registrations per month,
activities) name no place and are margins too. The national roll-up (GET /api/v1/statistics?tingkat=nasional)
is the same with provinces instead of kecamatan and only the provinces' NIB counts inside.

The rule:
1. Sensitive (primary) is every number of 1 or 2 IKM inside a breakdown by area: a kecamatan × category
   cell; the IKM with an NIB *or without one* of a kecamatan × sector cell (4 with an NIB out of 5 says that
   exactly one has none); the IKM with or without an NIB of a whole kecamatan. Zero is not sensitive.
2. Protected means: from everything published (every equation between the published numbers, counts never
   negative, with-NIB never above the count) a hidden or sensitive number can still lie anywhere in an
   interval at least PROTECTION (3) wide — so 1 or 2 cannot be told from 0 or 3. Where the exact margins
   themselves are narrower (a kecamatan with 2 IKM, a category with 2 IKM in the whole regency), the interval
   is as wide as those margins allow; the margins are published by contract.
3. Method (deterministic, no solver): a table is rows (areas) × leaf columns (e.g. sector × with/without NIB)
   whose row and column totals are published. For each sensitive number, in a fixed order, not yet protected,
   pick a *direction*: a second row and a pattern of +1/−1 over the leaf columns summing to 0, applied with +
   to the first row and − to the second, so that every row and column total stays the same. Moving the table
   by δ along it changes only the numbers it touches; it stays non-negative for δ in an interval whose width
   is computed from the leaf values. A direction at least PROTECTION wide is chosen, the one hiding the
   fewest new numbers (weighted: a kecamatan's NIB count costs much more than a cell's count, which costs more
   than a cell's NIB count), and every published number it touches is hidden (complementary suppression).
   Every hidden number is then moved by a chosen direction at least PROTECTION wide, and nothing shown moves,
   so the interval of rule 2 holds — sentra/dashboard/tests/test_disclosure_lp.py proves it by linear
   programming over everything an anonymous client can fetch (test_disclosure.py: on hand-made tables).
   A sensitive number is always hidden itself (a cell's NIB count also when its count without NIB is 1 or 2).
   Only pairs of rows are tried (cheap: a few thousand cells in ~50 ms); where no pair reaches PROTECTION the
   widest is taken. Where the exact margins pin a number outright (a tiny registry: one kecamatan holds the
   regency's only craft business), no complement can help and none is hidden.
4. A kecamatan's NIB count is a contract field (GET /api/v1/statistics `by_district[].with_nib`); hiding it
   costs most, so it is hidden only when it is itself sensitive (1 or 2 with or without an NIB) or no cheaper
   complement exists. Then it is null, with its `nib_coverage`, and the row's `suppressed` lists both — the
   margins (counts) stay exact integers, and a null cannot be mistaken for a real 0 the way a "<3" string in an
   integer field would break clients.
The result is cached with the figures (figures_cache.py), under the figures version.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from sentra.metrics.cells import Cell
from sentra.metrics.figures_cache import cached_figures

SMALL = 3  # counts 1 .. SMALL-1 are sensitive
PROTECTION = 3  # the least width of the interval a hidden or sensitive number can lie in

# cost of hiding a published number of each kind (0: never published, free to "hide")
COST_AREA_NIB = 100
COST_COUNT = 3
COST_CELL_NIB = 1


@dataclass(frozen=True)
class Group:
    """A number per row: the sum of some leaf columns. `cost` > 0 when it is published (the cost of hiding it)."""

    name: str
    columns: tuple[str, ...]
    cost: int = 0
    shown_by: str = ""  # an unpublished number: the published one of its row hidden when it is sensitive


@dataclass
class Table:
    rows: list[str]
    columns: list[str]
    values: dict[tuple[str, str], int]  # (row, leaf column) -> count; missing means 0
    groups: list[Group]  # every number per row: published ones (cost > 0) and sensitive derived ones
    patterns: list[dict[str, int]] = field(default_factory=list)  # directions over leaf columns (sum 0)

    def value(self, row: str, group: Group) -> int:
        return sum(self.values.get((row, c), 0) for c in group.columns)


def pair_patterns(columns: list[str]) -> list[dict[str, int]]:
    return [{a: 1, b: -1} for a, b in combinations(columns, 2)]


def protect(table: Table) -> frozenset[tuple[str, str]]:
    """(row, group name) of the published numbers to hide: the sensitive ones and their complements."""
    rows, values = table.rows, table.values
    published = [g for g in table.groups if g.cost > 0]
    row_total = {r: sum(values.get((r, c), 0) for c in table.columns) for r in rows}
    col_total = {c: sum(values.get((r, c), 0) for r in rows) for c in table.columns}
    patterns = table.patterns or pair_patterns(table.columns)
    # coefficient of each group along each pattern
    touched = [{g.name: sum(p.get(c, 0) for c in g.columns) for g in table.groups} for p in patterns]
    moved = [[h for h in published if t[h.name]] for t in touched]  # published groups each pattern moves
    plus = [[c for c, s in p.items() if s > 0] for p in patterns]
    minus = [[c for c, s in p.items() if s < 0] for p in patterns]

    def width(r1: str, r2: str, k: int) -> int:
        down = min(min(values.get((r1, c), 0) for c in plus[k]), min(values.get((r2, c), 0) for c in minus[k]))
        up = min(min(values.get((r1, c), 0) for c in minus[k]), min(values.get((r2, c), 0) for c in plus[k]))
        return down + up

    def target(r: str, g: Group) -> int:
        """PROTECTION, or less where the exact margins leave less room."""
        inside = sum(col_total[c] for c in g.columns)
        outside = sum(col_total[c] for c in table.columns if c not in g.columns)
        high = min(row_total[r], inside)
        low = max(0, row_total[r] - outside)
        return min(PROTECTION, high - low)

    hidden: set[tuple[str, str]] = set()
    chosen: list[tuple[str, str, int, int]] = []  # (row, other row, pattern, width)

    def protected(r: str, g: Group, need: int) -> bool:
        return any(r in (r1, r2) and touched[k][g.name] and w >= need for r1, r2, k, w in chosen)

    by_name = {g.name: g for g in table.groups}
    # the sensitive numbers, then every hidden number no chosen direction moves enough yet (a cell's NIB count
    # hidden for its count without NIB, when that was protected by moving the cell's count)
    work = [(r, g) for r in rows for g in table.groups if 0 < table.value(r, g) < SMALL]
    done: set[tuple[str, str]] = set()
    while True:
        if not work:
            work = [(x, by_name[name]) for x, name in sorted(hidden) if (x, name) not in done]
            if not work:
                break
        r, g = work.pop(0)
        if (r, g.name) in done:
            continue
        done.add((r, g.name))
        if g.cost > 0:
            hidden.add((r, g.name))
        if g.shown_by and (r, g.shown_by) not in hidden:
            hidden.add((r, g.shown_by))
            work.append((r, by_name[g.shown_by]))
        need = target(r, g)
        if need <= 0 or protected(r, g, need):
            continue
        best, best_key = None, None
        candidates = [k for k in range(len(patterns)) if touched[k][g.name]]
        for j, other in enumerate(rows):
            if other == r:
                continue
            for k in candidates:
                w = width(r, other, k)
                if w <= 0:
                    continue
                new = [(x, h) for x in (r, other) for h in moved[k] if (x, h.name) not in hidden]
                cost = sum(h.cost for _x, h in new)
                if best_key is not None and (w < need, -w if w < need else 0, cost) > best_key[:3]:
                    continue
                lost = sum(table.value(x, h) for x, h in new)
                key = (w < need, -w if w < need else 0, cost, lost, j, k)
                if best_key is None or key < best_key:
                    best, best_key = (other, k, w), key
        if best is None:  # no pair of rows moves it: nothing but the number itself is hidden
            continue
        other, k, w = best
        chosen.append((r, other, k, w))
        hidden.update((x, h.name) for x in (r, other) for h in moved[k])
    return frozenset(hidden)


# --- the tables Sentra publishes ------------------------------------------------------------------------

NIB, NO_NIB = "n", "o"


def sector_table(cells: list[Cell], areas: list[str], sectors: list[str], *, cells_published: bool) -> Table:
    """Areas × (sector, with/without NIB). Published per area: its NIB count (`nib`), and with
    `cells_published` each sector's count (`count:<s>`) and NIB count (`nib:<s>`)."""
    values: dict[tuple[str, str], int] = defaultdict(int)
    for c in cells:
        values[(c.area, f"{c.sector}|{NIB}")] += c.n_nib
        values[(c.area, f"{c.sector}|{NO_NIB}")] += c.n - c.n_nib
    columns = [f"{s}|{b}" for s in sectors for b in (NIB, NO_NIB)]
    groups = [
        Group("nib", tuple(f"{s}|{NIB}" for s in sectors), COST_AREA_NIB),
        Group("no_nib", tuple(f"{s}|{NO_NIB}" for s in sectors), shown_by="nib"),
    ]
    for s in sectors:
        groups += [
            Group(f"count:{s}", (f"{s}|{NIB}", f"{s}|{NO_NIB}"), COST_COUNT if cells_published else 0),
            Group(f"nib:{s}", (f"{s}|{NIB}",), COST_CELL_NIB if cells_published else 0),
            Group(f"no_nib:{s}", (f"{s}|{NO_NIB}",), shown_by=f"nib:{s}" if cells_published else ""),
        ]
    patterns = pair_patterns(columns)
    for s, t in combinations(sectors, 2):  # moves NIB between two sectors of a row, counts unchanged
        patterns.append({f"{s}|{NIB}": 1, f"{s}|{NO_NIB}": -1, f"{t}|{NIB}": -1, f"{t}|{NO_NIB}": 1})
    return Table(list(areas), columns, dict(values), groups, patterns)


def category_table(cells: list[Cell], areas: list[str], attribute: str, categories: list[str], shown: set[str]):
    """Areas × the values of one attribute (scale, market reach); `shown` are the published categories."""
    values: dict[tuple[str, str], int] = defaultdict(int)
    seen = list(categories)
    for c in cells:
        key = getattr(c, attribute)
        if key not in seen:
            seen.append(key)
        values[(c.area, key)] += c.n
    groups = [Group(f"count:{k}", (k,), COST_COUNT if k in shown else 0) for k in seen]
    return Table(list(areas), seen, dict(values), groups)


def _counted(cells) -> list[Cell]:
    return [c for c in cells if c.status != "closed"]


def regency_release(regency_code: str, cells: list[Cell] | None = None) -> dict:
    """The hidden numbers of one regency: {"nib": {kecamatan codes}, "sector": {(kecamatan, "count"|"nib",
    sector)}, "scale": {(kecamatan, scale)}, "market": {(kecamatan, market)}}. Cached under the figures version
    unless `cells` are given."""
    if cells is not None:
        return _regency_release(regency_code, cells)
    from sentra.metrics.cells import cells_for_regency

    return cached_figures(
        ("release", regency_code), lambda: _regency_release(regency_code, cells_for_regency(regency_code))
    )


def _regency_release(regency_code: str, cells) -> dict:
    from sentra.metrics.figures import district_areas
    from sentra.registry.models import Business, Sector

    cells = _counted(cells)
    areas = [code for code, _name in district_areas(regency_code)]
    sectors = list(Sector.objects.values_list("code", flat=True))
    hidden = protect(sector_table(cells, areas, sectors, cells_published=True))
    release = {
        "nib": {r for r, g in hidden if g == "nib"},
        "sector": {(r, *g.split(":", 1)) for r, g in hidden if ":" in g},
    }
    scales = [c for c, _label in Business.Scale.choices] + [""]
    shown = {c for c in scales if c not in (Business.Scale.BESAR, "")}
    hidden = protect(category_table(cells, areas, "scale", scales, shown))
    release["scale"] = {(r, g.split(":", 1)[1]) for r, g in hidden}
    markets = [c for c, _label in Business.MarketReach.choices]
    hidden = protect(category_table(cells, areas, "market_reach", markets, set(markets)))
    release["market"] = {(r, g.split(":", 1)[1]) for r, g in hidden}
    return release


def national_release() -> set[str]:
    """Province codes whose NIB count is hidden on the national roll-up."""
    from sentra.metrics.cells import cells_for_nation
    from sentra.regions.models import Province
    from sentra.registry.models import Sector

    def build() -> set[str]:
        cells = _counted(cells_for_nation())
        areas = list(Province.objects.order_by("code").values_list("code", flat=True))
        sectors = list(Sector.objects.values_list("code", flat=True))
        return {r for r, g in protect(sector_table(cells, areas, sectors, cells_published=False)) if g == "nib"}

    return cached_figures(("release", "nation"), build)


def hide_area_nib(stats: dict, hidden: set[str]) -> dict:
    """A copy of `stats` whose by_district rows listed in `hidden` carry with_nib and nib_coverage as None; every
    row says which of its numbers are suppressed (`suppressed`: a list of field names, empty when none)."""
    rows = []
    for row in stats["by_district"]:
        if row["code"] in hidden:
            rows.append({**row, "with_nib": None, "nib_coverage": None, "suppressed": ["with_nib", "nib_coverage"]})
        else:
            rows.append({**row, "suppressed": []})
    return {**stats, "by_district": rows}


def public_regency_statistics(regency_code: str | None = None) -> dict:
    """regency_statistics() as the public may see it (the kecamatan NIB counts `release()` hides are None)."""
    from sentra.metrics.figures import regency_statistics
    from sentra.regions import home

    code = regency_code or home.regency_code()
    return hide_area_nib(regency_statistics(code), regency_release(code)["nib"])


def public_national_statistics() -> dict:
    from sentra.metrics.figures import national_statistics

    return hide_area_nib(national_statistics(), national_release())
