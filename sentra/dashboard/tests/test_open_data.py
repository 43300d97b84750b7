import csv
import io
import json

import pytest

from sentra.dashboard.open_data import HIDDEN
from sentra.registry.models import Permit


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
    assert dander["craft"]["ikm_bernib"] == HIDDEN
    # Dander holds every IKM of the regency: its total (5) and the regency's craft count (1) are exact margins
    # that pin the cell whatever else is hidden, so no complement is spent (test_disclosure_lp covers the rest)
    assert dander["food_beverage"]["jumlah_ikm"] in (4, "4")
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
    statistics = client.get("/api/v1/statistics").json()
    row = next(r for r in statistics["by_district"] if r["name"] == "Kapas")
    assert row == {**row, "count": 5, "with_nib": None, "nib_coverage": None}  # 1 without NIB in the kecamatan too
    assert row["suppressed"] == ["with_nib", "nib_coverage"]
    assert Permit.objects.filter(kind="nib").count() == 4
