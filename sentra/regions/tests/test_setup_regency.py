"""setup_regency for the PKW peers and for a regency without polygons; sector lists; seed_demo --regency."""

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from sentra.regions import home
from sentra.regions.models import District, Site, Village
from sentra.registry.models import Business, Kbli, Sector

PEERS = [
    # code, name, kecamatan, desa/kelurahan (peers/README.md checks), sector codes of its list
    ("33.20", "Kabupaten Jepara", 16, 195, ["food_beverage", "furniture_wood", "textile_apparel", "craft"]),
    (
        "35.24",
        "Kabupaten Lamongan",
        27,
        474,
        ["food_beverage", "textile_apparel", "leather_footwear", "furniture_wood", "metal", "craft"],
    ),
    ("16.10", "Kabupaten Ogan Ilir", 16, 241, ["food_beverage", "textile_apparel", "furniture_wood", "craft"]),
]


def _setup(code, *args):
    out = io.StringIO()
    call_command("setup_regency", code, *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("code,name,n_kec,n_desa,sectors", PEERS)
def test_peer_regency_set_up_from_its_code_and_its_map_drawn(
    client, reference_data, code, name, n_kec, n_desa, sectors
):
    out = _setup(code, "--name", f"Dekranasda {name} Uji")
    assert f"{name} ({code}) siap untuk Dekranasda {name} Uji." in out
    assert f"{n_kec} kecamatan, {n_desa} desa/kelurahan" in out and "Peta kecamatan: tersedia." in out
    site = Site.objects.get()
    assert (site.regency_id, site.council_name) == (code, f"Dekranasda {name} Uji")
    assert home.regency_code() == code
    assert District.objects.filter(regency_id=code).count() == n_kec
    assert Village.objects.filter(district__regency_id=code).count() == n_desa
    assert list(Sector.objects.values_list("code", flat=True)) == sectors

    page = client.get("/statistik/").content.decode()
    drawn = set(re.findall(r'<path d="[^"]+" fill="[^"]+" data-code="([\d.]+)"', page))
    assert drawn == set(District.objects.filter(regency_id=code).values_list("code", flat=True))
    assert f"Statistik IKM {name}" in page and "map-missing" not in page
    assert f"Dekranasda {name} Uji" in page  # the council's name in the footer
    body = client.get("/api/v1/statistics").json()
    assert [row["code"] for row in body["by_sector"]] == sectors
    assert len(body["by_district"]) == n_kec and body["by_district"][0]["code"].startswith(code + ".")


def test_regency_without_polygons_gets_a_table_and_how_to_add_a_map(client, reference_data):
    out = _setup("35.23", "--name", "Dekranasda Tuban")  # Tuban: no polygons ship with Sentra
    assert "Peta kecamatan: belum tersedia" in out and "35.23.geojson" in out
    page = client.get("/statistik/").content.decode()
    assert "<path d=" not in page
    assert 'id="map-missing"' in page and "35.23.geojson" in page and "docs/peta.md" in page
    n = District.objects.filter(regency_id="35.23").count()
    assert n > 10 and page.count('<tr data-code="35.23.') == n


def test_map_file_from_an_extra_folder_is_used(client, reference_data, settings, tmp_path):
    src = (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"35.23.01","name":"Kenduruan"},'
        '"geometry":{"type":"Polygon","coordinates":[[[111.9,-7.0],[112.0,-7.0],[112.0,-6.9],[111.9,-7.0]]]}}]}'
    )
    (tmp_path / "35.23.geojson").write_text(src, encoding="utf-8")
    settings.SENTRA_MAP_DIRS = [str(tmp_path)]
    _setup("35.23", "--name", "Dekranasda Tuban")
    page = client.get("/statistik/").content.decode()
    assert re.findall(r'<path d="[^"]+" fill="[^"]+" data-code="([\d.]+)"', page) == ["35.23.01"]
    assert "map-missing" not in page


def test_unknown_or_malformed_code_is_refused_and_nothing_changes(reference_data):
    with pytest.raises(CommandError, match=r"Kode wilayah 99\.99 tidak dikenal"):
        _setup("99.99", "--name", "X")
    with pytest.raises(CommandError, match="tidak sah"):
        _setup("3320", "--name", "X")
    assert not Site.objects.exists() and home.regency_code() == "35.22"
    assert list(Sector.objects.values_list("code", flat=True)) == ["food_beverage", "craft"]


def test_refused_when_the_registry_holds_another_regency(make_business):
    make_business(district="Dander")
    with pytest.raises(CommandError, match="hanya untuk instalasi yang masih kosong"):
        _setup("33.20", "--name", "X")
    assert not Site.objects.exists() and not District.objects.filter(regency_id="33.20").exists()


def test_interactive_setup_asks_the_council_name_in_indonesian(reference_data, monkeypatch):
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "Dekranasda Ogan Ilir Baru")
    _setup("16.10")
    assert asked == ["Nama dewan/kantor untuk Kabupaten Ogan Ilir [Dekranasda Kabupaten Ogan Ilir]: "]
    assert Site.objects.get().council_name == "Dekranasda Ogan Ilir Baru"


def test_bojonegoro_keeps_exactly_its_two_sectors_and_kbli_mapping(reference_data):
    _setup("35.22", "--name", "Dekranasda Kabupaten Bojonegoro")
    assert list(Sector.objects.values_list("code", flat=True)) == ["food_beverage", "craft"]
    assert Kbli.objects.get(code="31001").sector_id == "craft"
    assert Kbli.objects.get(code="10710").sector_id == "food_beverage"
    assert not Kbli.objects.filter(sector__isnull=True).exists()


def test_sector_lists_are_keyed_to_kbli(reference_data):
    _setup("33.20", "--name", "Dekranasda Jepara")
    assert Kbli.objects.get(code="31001").sector_id == "furniture_wood"  # mebel
    assert Kbli.objects.get(code="16293").sector_id == "furniture_wood"  # ukir kayu
    assert Kbli.objects.get(code="13134").sector_id == "textile_apparel"  # batik
    assert Kbli.objects.get(code="23932").sector_id == "craft"  # gerabah: the catch-all
    _setup("16.10", "--name", "Dekranasda Ogan Ilir")
    assert Kbli.objects.get(code="13122").sector_id == "textile_apparel"  # tenun (songket)
    assert Kbli.objects.get(code="31001").sector_id == "furniture_wood"


def test_seed_demo_for_a_regency_spreads_fake_businesses_and_is_idempotent(reference_data):
    _setup("33.20", "--name", "Dekranasda Jepara")
    out = io.StringIO()
    call_command("seed_demo", "--regency", "33.20", "--businesses", "400", stdout=out)
    assert "400 IKM demo (rekaan) dibuat di wilayah 33.20." in out.getvalue()
    qs = Business.objects.all()
    assert qs.count() == 400 and qs.filter(is_demo=True, district__regency_id="33.20").count() == 400
    assert all("(Demo)" in name for name in qs.values_list("name", flat=True))
    per_district = {
        code: qs.filter(district_id=code).count()
        for code in District.objects.filter(regency_id="33.20").values_list("code", flat=True)
    }
    assert min(per_district.values()) > 0 and max(per_district.values()) < 400 * 0.3
    per_sector = dict(qs.values_list("sector_id").annotate(n=Count("id")).order_by())
    assert per_sector["furniture_wood"] == 180 and set(per_sector) == {
        "food_beverage",
        "furniture_wood",
        "textile_apparel",
        "craft",
    }
    before = (Business.objects.count(), Village.objects.count(), Sector.objects.count())
    out = io.StringIO()
    call_command("seed_demo", "--regency", "33.20", "--businesses", "400", stdout=out)
    assert "tidak ada yang diubah" in out.getvalue()
    assert (Business.objects.count(), Village.objects.count(), Sector.objects.count()) == before


def test_seed_demo_for_a_regency_refuses_what_is_not_set_up(reference_data):
    with pytest.raises(CommandError, match="setup_regency 33.20"):
        call_command("seed_demo", "--regency", "33.20", "--businesses", "10")
    _setup("33.20", "--name", "Dekranasda Jepara")
    with pytest.raises(CommandError, match="antara 1 dan"):
        call_command("seed_demo", "--regency", "33.20", "--businesses", "0")
    assert not Business.objects.exists()


def test_press_figure_demo_runs_for_another_regency_past_29_february(reference_data):
    """It crashed with "day is out of range for month" (five years added to 29 February)."""
    from sentra.registry.demo import add_years, seed_demo

    assert add_years(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)
    assert add_years(dt.date(2024, 3, 1), 5) == dt.date(2029, 3, 1)
    _setup("33.20", "--name", "Dekranasda Jepara")
    assert seed_demo().businesses_created == 1762
    assert Business.objects.filter(district__regency_id="33.20").count() == 1762


def test_national_card_counts_provinces(client, staff_user, make_business):
    make_business(district="Dander")
    client.force_login(staff_user)
    page = client.get("/dasbor/nasional/").content.decode()
    assert "Provinsi terjangkau (dari" in page and "Kecamatan terjangkau" not in page
