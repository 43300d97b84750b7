import pytest

from sentra.catalog.units import unit_label

pytestmark = pytest.mark.django_db


def test_units_in_english():
    assert unit_label("bungkus", "en") == "pack" and unit_label("Lembar", "en") == "sheet"
    assert unit_label("buah", "en") == "piece" and unit_label("bungkus", "id") == "bungkus"
    assert unit_label("tampah", "en") == "tampah"  # unknown units are shown as typed


def test_english_catalog_shows_english_units(client, make_business, make_product):
    make_product(make_business(name="Keripik Bu Sri"), unit="bungkus")
    english = client.get("/en/catalog/products/").content.decode()
    indonesian = client.get("/katalog/produk/").content.decode()
    assert "/ pack" in english and "/ bungkus" not in english
    assert "/ bungkus" in indonesian
