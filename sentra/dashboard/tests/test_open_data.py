import csv
import io
import json

import pytest

from sentra.dashboard.open_data import HIDDEN, suppress
from sentra.registry.models import Permit


def test_suppress_hides_small_cells_and_one_complement_per_line():
    table = {("A", "x"): 10, ("A", "y"): 2, ("B", "x"): 7, ("B", "y"): 9}
    hidden = suppress(table)
    assert ("A", "y") in hidden
    # Row A and column y would otherwise reveal the hidden cell from their totals.
    assert ("A", "x") in hidden and ("B", "y") in hidden
    assert all(sum(1 for k in hidden if k[axis] == line) != 1 for axis in (0, 1) for line in "ABxy")


def test_suppress_leaves_big_and_zero_cells_alone_when_nothing_is_small():
    table = {("A", "x"): 10, ("A", "y"): 0, ("B", "x"): 3, ("B", "y"): 4}
    assert suppress(table) == set()


@pytest.fixture
def registry(make_business):
    owner_business = make_business(district="Dander", sector="craft", nib="1234567890123", name="Batik Rahasia")
    owner = owner_business.owner
    owner.nik, owner.phone, owner.address, owner.name = (
        "3522014101900001",
        "081234567890",
        "Jl. Melati 7",
        "Siti Zulaikha",
    )
    owner.save()
    owner_business.address, owner_business.phone = "Jl. Mawar 99", "085600001111"
    owner_business.save()
    for _ in range(4):
        make_business(district="Dander", sector="food_beverage")
    return owner_business


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_open_data_files_carry_no_personal_data_and_hide_small_cells(client, registry, fmt):
    response = client.get(f"/data/ikm-kecamatan-sektor.{fmt}")
    assert response.status_code == 200
    body = response.content.decode()
    for secret in [
        "3522014101900001",
        "081234567890",
        "Jl. Melati",
        "Siti Zulaikha",
        "Batik Rahasia",
        "Jl. Mawar",
        "085600001111",
        "1234567890123",
    ]:
        assert secret not in body
    rows = list(csv.DictReader(io.StringIO(body))) if fmt == "csv" else json.loads(body)["data"]
    dander = {r["kode_kategori"]: r for r in rows if r["kecamatan"] == "Dander"}
    assert dander["craft"]["jumlah_ikm"] == HIDDEN
    assert dander["food_beverage"]["jumlah_ikm"] == HIDDEN  # complement: the kecamatan total is public
    assert len(rows) == 28 * 2


def test_open_data_api_and_dictionary(client, registry):
    data = client.get("/api/v1/open-data/ikm-kecamatan-pasar").json()
    assert data["dataset"] == "ikm-kecamatan-pasar"
    assert {r["kode_kategori"] for r in data["data"]} == {"local", "regional", "national", "export"}
    page = client.get("/data/").content.decode()
    assert "Kamus data" in page and "jumlah_ikm" in page and "&lt;3" in page


def test_unknown_dataset_is_a_404_with_an_indonesian_message(client, reference_data):
    assert client.get("/data/pemilik.csv").status_code == 404
    response = client.get("/api/v1/open-data/pemilik")
    assert response.status_code == 404 and "tidak ada" in response.json()["detail"]


def test_nib_count_is_hidden_when_its_complement_is_small(client, make_business):
    for i in range(4):
        make_business(district="Kapas", sector="food_beverage", nib=f"99900000000{i:02d}")
    make_business(district="Kapas", sector="food_beverage")
    rows = client.get("/api/v1/open-data/ikm-kecamatan-sektor").json()["data"]
    kapas = next(r for r in rows if r["kecamatan"] == "Kapas" and r["kode_kategori"] == "food_beverage")
    assert kapas["jumlah_ikm"] in (5, HIDDEN)
    assert kapas["ikm_bernib"] == HIDDEN  # 4 with NIB means exactly 1 without: that one is hidden
    assert Permit.objects.filter(kind="nib").count() == 4
