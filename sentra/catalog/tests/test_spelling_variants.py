"""Spelling variants find each other on both read paths; the listing shows its count and "did you mean"."""

import re

import pytest
from django.urls import reverse

from sentra.catalog import public_read, spelling
from sentra.catalog.models import Product
from sentra.catalog.search import search_products, suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def snacks(catalog_business, make_product):
    sari = catalog_business(name="Camilan Bu Sari")
    made = {}
    for key, name in [
        ("keripik", "Keripik Tempe Sagu"),
        ("kripik", "Kripik Singkong Pedas"),
        ("kerupuk", "Kerupuk Udang Ledre"),
        ("krupuk", "Krupuk Ikan Tenggiri"),
        ("rempeyek", "Rempeyek Kacang Tanah"),
    ]:
        made[key] = make_product(
            sari, name=name, name_en="", description="Camilan khas Bojonegoro.", category="processed_food"
        )
    return made


def _both_paths(q: str) -> set[int]:
    """The matches of `q` on the ORM path and on the SQL path, which must agree."""
    orm = set(search_products(Product.objects.public(), q).values_list("pk", flat=True))
    sql = set(public_read.card_ids({"q": q}))
    assert orm == sql, (q, orm, sql)
    return orm


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kripik", {"keripik", "kripik"}),
        ("keripik", {"keripik", "kripik"}),
        ("krupuk", {"kerupuk", "krupuk"}),
        ("kerupuk udang", {"kerupuk"}),
        ("peyek", {"rempeyek"}),
        ("kripik pedas", {"kripik"}),
    ],
)
def test_variants_find_each_other_on_both_paths(snacks, query, expected):
    assert _both_paths(query) == {snacks[k].pk for k in expected}


def test_the_list_is_one_definition_both_ways():
    for group in spelling.VARIANT_GROUPS:
        for word in group:
            assert set(spelling.variants(word)) == set(group) - {word}
            assert word == word.lower() and word.isalpha()
    assert spelling.variants("batik") == ()


def test_suggestion_for_a_misspelt_word(snacks):
    assert suggestion("kacamg tanah") == "kacang tanah"
    assert suggestion("singkomg") == "singkong"
    assert suggestion("kripik") is None  # a known spelling needs no correction
    assert suggestion("qwertyuiop") is None


def test_listing_shows_the_count_and_did_you_mean(client, snacks, catalog_business, make_product):
    page = client.get(reverse("catalog:list"), {"q": "kripik"}).content.decode()
    assert re.search(r'id="result-count">2 produk ditemukan<', page)
    # a search with no results offers the nearest words, keeping the other filters
    page = client.get(reverse("catalog:list"), {"q": "pesad", "category": "processed_food"}).content.decode()
    assert "Tidak ada produk yang cocok" in page
    assert 'id="result-count"' not in page
    did = re.search(r'id="did-you-mean">Mungkin maksud Anda: <a href="\?([^"]+)">([^<]+)</a>', page)
    assert did is not None, page
    assert did.group(2) == "pedas"
    assert "category=processed_food" in did.group(1)
    # the count beyond one page is counted, not the page's cards
    other = catalog_business(name="Camilan Lain", district="Kapas")
    for i in range(30):
        make_product(other, name=f"Keripik Pisang {i}", name_en="", category="processed_food")
    page = client.get(reverse("catalog:list"), {"q": "keripik"}).content.decode()
    assert re.search(r'id="result-count">32 produk ditemukan<', page)
    page = client.get(reverse("catalog:list"), {"q": "keripik", "page": "2"}).content.decode()
    assert re.search(r'id="result-count">32 produk ditemukan<', page)


def test_count_is_capped(snacks, monkeypatch):
    monkeypatch.setattr(public_read, "COUNT_CAP", 2)
    assert public_read.result_count({"q": "kripik"}) == 2
    assert public_read.result_count({"q": "camilan"}, cap=2) == 3  # cap + 1: "more than 2"
    assert public_read.result_count({"q": "zzzzzz"}) == 0
