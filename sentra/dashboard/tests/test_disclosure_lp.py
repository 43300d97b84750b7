"""Everything public, fetched as an anonymous client, does not reveal what it suppresses.

The test reads every public output that carries figures by kecamatan — GET /api/v1/statistics, the /statistik/
page (its table and its map), the three open-data files of /data/ (CSV) and their API, and the federation's
signed dataset — checks that they agree, and turns every number into an equation, as an attacker would. Then,
by linear programming (scipy), each hidden number and each number of 1 or 2 IKM is shown to lie anywhere in an
interval at least 3 wide.
"""

import csv
import html
import io
import re

import pytest

from sentra.dashboard.open_data import DATASETS, HIDDEN
from sentra.metrics.cells import base_cells
from sentra.metrics.disclosure import PROTECTION
from sentra.metrics.tests.lp import System


def _int(text: str) -> int:
    return int(text.replace(".", "").replace(",", "").strip())


def scrape(client) -> dict:
    """Every public number by kecamatan, checked to agree across the outputs that repeat it."""
    api = client.get("/api/v1/statistics").json()
    tables = {}
    for name in DATASETS:
        response = client.get(f"/data/{name}.csv")
        assert response.status_code == 200
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        via_api = client.get(f"/api/v1/open-data/{name}").json()["data"]
        assert [{k: str(v) for k, v in r.items()} for r in via_api] == rows
        tables[name] = rows

    districts = {d["code"]: d for d in api["by_district"]}
    page = client.get("/statistik/").content.decode()
    shown = dict(re.findall(r'<tr data-code="([\d.]+)">(.*?)</tr>', page, re.S))
    assert set(shown) == set(districts)
    for code, row in shown.items():
        found = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in found]
        d = districts[code]
        assert _int(cells[1]) == d["count"]
        if d["with_nib"] is None:
            assert cells[2] == "disembunyikan" and len(cells) == 4  # nib and coverage in one cell
        else:
            assert _int(cells[2]) == d["with_nib"]
    for metric, key in [("bernib", "with_nib"), ("jumlah", "count")]:
        svg = client.get(f"/statistik/?peta={metric}").content.decode()
        titles = dict(re.findall(r'data-code="([\d.]+)"><title>[^<:]*: ([^<]*)</title>', svg))
        assert len(titles) == len(districts)
        for code, value in titles.items():
            expected = districts[code][key]
            assert value == "disembunyikan" if expected is None else _int(value) == expected

    from sentra.federation.services import publication_create

    publication_create()
    federated = client.get("/data/federasi/terbaru.json").json()["dataset"]["figures"]
    for name, rows in tables.items():
        assert [{k: str(v) for k, v in r.items()} for r in federated["tables"][name]] == [
            {k: v for k, v in r.items() if k in ("kode_kecamatan", "kode_kategori", "jumlah_ikm", "ikm_bernib")}
            for r in rows
        ]
    for key in ("by_sector", "by_scale", "by_market"):
        assert {r["code"]: r["count"] for r in federated[key]} == {r["code"]: r["count"] for r in api[key]}
    assert federated["total"] == api["total"] and federated["with_nib"] == api["with_nib"]
    return {"api": api, "tables": tables}


def attacker(public: dict) -> tuple[System, dict]:
    """The equations every published number gives, over non-negative leaf counts: x (kecamatan, sector,
    with/without NIB), y (kecamatan, scale), z (kecamatan, market reach); and the hidden numbers as leaf sums."""
    api, tables = public["api"], public["tables"]
    system, hidden = System(), {}
    districts = [d["code"] for d in api["by_district"]]
    sectors = [s["code"] for s in api["by_sector"]]
    scales = {s["code"]: s["count"] for s in api["by_scale"]}
    scales.setdefault("besar", 0)  # listed only when there is one
    markets = {m["code"]: m["count"] for m in api["by_market"]}

    def x(d, s, b):
        return ("x", d, s, b)

    system.equal([x(d, s, b) for d in districts for s in sectors for b in "no"], api["total"])
    system.equal([x(d, s, "n") for d in districts for s in sectors], api["with_nib"])
    for row in api["by_district"]:
        d = row["code"]
        for leaves in (
            [x(d, s, b) for s in sectors for b in "no"],
            [("y", d, k) for k in scales],
            [("z", d, m) for m in markets],
        ):
            system.equal(leaves, row["count"])
        if row["with_nib"] is None:
            hidden[("kecamatan ber-NIB", d)] = [x(d, s, "n") for s in sectors]
        else:
            system.equal([x(d, s, "n") for s in sectors], row["with_nib"])
    for row in api["by_sector"]:
        system.equal([x(d, row["code"], b) for d in districts for b in "no"], row["count"])
        system.equal([x(d, row["code"], "n") for d in districts], row["with_nib"])
    for k, count in scales.items():
        system.equal([("y", d, k) for d in districts], count)
    for m, count in markets.items():
        system.equal([("z", d, m) for d in districts], count)

    def publish(key, leaves, value):
        if value == HIDDEN:
            hidden[key] = leaves
        else:
            system.equal(leaves, _int(value))

    for r in tables["ikm-kecamatan-sektor"]:
        d, s = r["kode_kecamatan"], r["kode_kategori"]
        publish(("jumlah_ikm", d, s), [x(d, s, "n"), x(d, s, "o")], r["jumlah_ikm"])
        publish(("ikm_bernib", d, s), [x(d, s, "n")], r["ikm_bernib"])
    for name, letter in [("ikm-kecamatan-skala", "y"), ("ikm-kecamatan-pasar", "z")]:
        for r in tables[name]:
            d, k = r["kode_kecamatan"], r["kode_kategori"]
            publish((name, d, k), [(letter, d, k)], r["jumlah_ikm"])
    return system, hidden


def small_numbers(regency: str = "35.22") -> dict:
    """The truth: every number of 1 or 2 IKM by kecamatan (what must stay protected), as leaf sums."""
    leaves: dict = {}
    for c in base_cells(regency):
        if c.status == "closed":
            continue
        for key, n in [
            (("x", c.area, c.sector, "n"), c.n_nib),
            (("x", c.area, c.sector, "o"), c.n - c.n_nib),
            (("y", c.area, c.scale), c.n),
            (("z", c.area, c.market_reach), c.n),
        ]:
            leaves[key] = leaves.get(key, 0) + n
    groups: dict = {}
    for key in leaves:
        groups[key] = [key]
        if key[0] == "x":
            groups.setdefault(("count", *key[1:3]), []).append(key)
            groups.setdefault(("kecamatan", key[1], key[3]), []).append(key)
    return {k: g for k, g in groups.items() if 0 < sum(leaves[leaf] for leaf in g) < 3}


def assert_nothing_narrower_than_protection(system: System, numbers: dict) -> None:
    narrow = {}
    for key, leaves in numbers.items():
        low, high = system.interval(leaves)
        if high - low < PROTECTION - 1e-6:
            narrow[key] = (round(low, 3), round(high, 3))
    assert not narrow, narrow


@pytest.mark.django_db(transaction=False)
def test_demo_data_reveals_no_hidden_or_small_number(client, reference_data):
    from sentra.registry.demo import seed_demo

    seed_demo()
    public = scrape(client)
    api = public["api"]
    # the margins stay exact: the press figures
    assert (api["total"], api["districts"], api["with_nib"]) == (1762, 28, 1349)
    assert {s["code"]: s["count"] for s in api["by_sector"]} == {"food_beverage": 1431, "craft": 331}
    assert all(isinstance(d["with_nib"], int) for d in api["by_district"])
    system, hidden = attacker(public)
    assert len(hidden) > 30  # the demo has small cells; each is hidden with its complements
    small = small_numbers()
    assert len(small) > 30
    assert_nothing_narrower_than_protection(system, {**hidden, **small})


def test_a_small_registry_needs_and_gets_complementary_cells(client, make_business):
    """Three kecamatan; Dander has one craft business, which its total and food cell would give away."""
    plan = {
        "Dander": [("food_beverage", 4, 3), ("craft", 0, 1)],
        "Kapas": [("food_beverage", 3, 3), ("craft", 0, 4)],
        "Balen": [("food_beverage", 0, 5), ("craft", 3, 0)],
    }
    serial = 0
    for district, sectors in plan.items():
        for sector, with_nib, without in sectors:
            for i in range(with_nib + without):
                serial += 1
                nib = f"{9120000000000 + serial}" if i < with_nib else None
                make_business(district=district, sector=sector, nib=nib)
    public = scrape(client)
    rows = {(r["kecamatan"], r["kode_kategori"]): r for r in public["tables"]["ikm-kecamatan-sektor"]}
    assert rows[("Dander", "craft")]["jumlah_ikm"] == HIDDEN
    assert rows[("Dander", "food_beverage")]["jumlah_ikm"] == HIDDEN  # complement in its row
    assert sum(1 for (d, s), r in rows.items() if s == "craft" and r["jumlah_ikm"] == HIDDEN) >= 2  # and column
    assert [d["with_nib"] for d in public["api"]["by_district"] if d["name"] == "Dander"] == [4]  # margins exact
    system, hidden = attacker(public)
    small = small_numbers()
    assert ("x", rows[("Dander", "craft")]["kode_kecamatan"], "craft", "o") in small
    assert_nothing_narrower_than_protection(system, {**hidden, **small})


def test_the_check_catches_a_small_cell_without_complements(client, make_business):
    """The check can fail: with only the small cell hidden (the rest published), the same equations pin it."""
    make_business(district="Dander", sector="craft")
    for _ in range(5):
        for district, sector in [("Dander", "food_beverage"), ("Kapas", "craft"), ("Kapas", "food_beverage")]:
            make_business(district=district, sector=sector)
    public = scrape(client)
    truth = {}
    for c in base_cells("35.22"):
        truth[(c.area, c.sector)] = truth.get((c.area, c.sector), 0) + c.n
    dander_craft = ("35.22.06", "craft")
    for r in public["tables"]["ikm-kecamatan-sektor"]:
        key = (r["kode_kecamatan"], r["kode_kategori"])
        assert key != dander_craft or r["jumlah_ikm"] == HIDDEN
        if key != dander_craft:
            r["jumlah_ikm"] = str(truth.get(key, 0))
    system, hidden = attacker(public)
    assert system.interval(hidden[("jumlah_ikm", *dander_craft)]) == pytest.approx((1, 1))
