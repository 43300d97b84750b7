import pytest
from django.urls import reverse

from sentra.catalog.models import Product
from sentra.catalog.search import search_products

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(catalog_business, make_product):
    business = catalog_business(name="Batik Sekar Jati", sector="craft")
    batik = make_product(
        business,
        name="Batik Tulis Jonegoroan",
        name_en="Hand-drawn Jonegoroan Batik",
        description="Kain batik tulis pewarna alam.",
        description_en="Batik cloth with natural dyes.",
        category="batik",
        shelf_life_days=None,
        price_min=350000,
        price_max=1500000,
    )
    chair = make_product(
        business,
        name="Kursi Jati Minimalis",
        name_en="Minimalist Teak Chair",
        description="Kursi kayu jati.",
        description_en="Teak wood chair.",
        category="furniture",
        price_min=850000,
        price_max=2500000,
    )
    chips = make_product(catalog_business(name="Keripik Bu Sari", district="Kapas"))
    hidden = make_product(
        catalog_business(name="Kopi Lereng"),
        name="Kopi Robusta",
        name_en="Robusta Coffee",
        category="coffee",
        publish=False,
    )
    return {"batik": batik, "chair": chair, "chips": chips, "hidden": hidden}


def _search(q):
    return set(search_products(Product.objects.public(), q))


def test_indonesian_and_english_words(products):
    assert _search("kursi") == {products["chair"]}
    assert _search("teak") == {products["chair"]}
    assert _search("tempe") == {products["chips"]}
    assert _search("chips") == {products["chips"]}


def test_small_typo_is_forgiven_in_both_languages(products):
    assert _search("kripik") == {products["chips"]}  # keripik
    assert _search("chiar") == {products["chair"]}  # chair
    assert _search("jonegoran") == {products["batik"]}  # jonegoroan
    assert _search("natrual dyes") == {products["batik"]}


def test_every_word_must_match_and_prefixes_count(products):
    assert _search("jati kursi") == {products["chair"]}
    assert _search("jonego") == {products["batik"]}
    assert _search("bat") == {products["batik"], products["chair"]}  # the chair's maker is "Batik Sekar Jati"
    assert _search("tulis teak") == set()


def test_unpublished_and_unknown_words_find_nothing(products):
    assert _search("robusta") == set()
    assert _search("zzqxv") == set()
    assert _search("") == set()


def test_search_is_safe_with_punctuation(products):
    assert _search('"kursi" OR * AND -( NEAR') == {products["chair"]}


def test_listing_search_page(client, products):
    body = client.get(reverse("catalog:list"), {"q": "kripik"}).content.decode()
    assert "Keripik Tempe Renyah" in body
    assert "Kursi Jati Minimalis" not in body
    body = client.get(reverse("catalog:list_en"), {"q": "teak chiar"}).content.decode()
    assert "Minimalist Teak Chair" in body


def test_products_api_contract(client, products):
    response = client.get("/api/v1/products", {"q": "teak"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    item = data["results"][0]
    assert {"id", "name", "name_en", "business_name", "district_code", "url"} <= set(item)
    assert item["name_en"] == "Minimalist Teak Chair"
    assert item["district_code"] == "35.22.09" or item["district_code"].startswith("35.22.")
    assert item["url"].endswith(products["chair"].get_absolute_url("id"))
    assert client.get("/api/v1/products", {"q": "kripik"}).json()["count"] == 1
    assert client.get("/api/v1/products").json()["count"] == 3  # no query: every published product


def test_listing_filters(client, products, catalog_business):
    assert [p.pk for p in _filtered(category="furniture")] == [products["chair"].pk]
    assert {p.pk for p in _filtered(certification="halal")} == {
        products["batik"].pk,
        products["chair"].pk,
        products["chips"].pk,
    }
    assert [p.pk for p in _filtered(price_max=12000)] == [products["chips"].pk]
    from sentra.regions.models import District

    kapas = District.objects.get(regency_id="35.22", name="Kapas")
    assert [p.pk for p in _filtered(district=kapas)] == [products["chips"].pk]
    body = client.get(reverse("catalog:list"), {"district": kapas.pk, "category": "snack"}).content.decode()
    assert "Keripik Tempe Renyah" in body and "Kursi Jati" not in body


def _filtered(**kwargs):
    from sentra.catalog.selectors import filter_public, public_products

    return list(filter_public(public_products(), **kwargs))


def test_two_letter_words_and_prefixes_spelt_out_find_what_a_prefix_finds(products, catalog_business, make_product):
    """On PostgreSQL the query's prefixes are spelt out as the vocabulary words they begin (exact
    index entries, search.pg_tsquery); the vocabulary leaves out 2-letter words, which must still
    match, as "uk:*" would."""
    carved = make_product(products["batik"].business, name="Kotak Ukir Jati", name_en="Carved Teak Box")
    shirt = make_product(
        products["batik"].business, name="Kaos Batik Uk XL", name_en="Batik T-shirt", category="fashion"
    )
    assert _search("uk") == {carved, shirt}
    assert _search("uki") == {carved}
    assert _search("ukir kotak") == {carved}


def test_pg_tsquery_spells_prefixes_out_as_vocabulary_words(products, monkeypatch):
    from sentra.catalog import search

    terms = search.query_terms("kurs kripik")
    assert terms == [["kurs"], ["keripik", "kripik"]]  # corrected, and its spelling variant (spelling.py)
    assert search.pg_tsquery(terms) == "(kurs | kursi) & (keripik | kripik)"
    assert search.pg_tsquery([["zzz"]]) == "(zzz)"  # no vocabulary word: the word itself, matches nothing
    monkeypatch.setattr(search, "MAX_PREFIX_WORDS", 0)
    # too many words begin it: left a prefix (a variant no indexed word begins stays itself)
    assert search.pg_tsquery(terms) == "(kurs:*) & (keripik:* | kripik)"


@pytest.mark.parametrize("max_prefix_words", [64, 0])
def test_same_matches_as_plain_prefixes(products, catalog_business, make_product, monkeypatch, max_prefix_words):
    """Spelt-out prefixes match exactly what the word's own prefix does in the index (PostgreSQL), and
    with MAX_PREFIX_WORDS 0 every word stays a prefix; on SQLite both are the same FTS5 query."""
    from django.db import connection

    from sentra.catalog import search

    monkeypatch.setattr(search, "MAX_PREFIX_WORDS", max_prefix_words)
    make_product(products["batik"].business, name="Kaos Batik Uk XL", category="fashion")
    make_product(products["batik"].business, name="Kotak Ukir Jati")
    queries = ["uk", "ba", "bat", "batik tu", "kur ja", "te", "chiar", "kripik", "jonego", "nat dy", "zzqxv ba"]
    for q in queries:
        found = {p.pk for p in _search(q)}
        assert found, q
        if connection.vendor != "postgresql":
            continue
        terms = search.query_terms(q)
        prefixes = " & ".join("(" + " | ".join(f"{a}:*" for a in alts) + ")" for alts in terms)
        plain = {
            p.pk
            for p in Product.objects.public().extra(  # noqa: S610 — words of [a-z0-9] only
                where=["catalog_product.search_vector @@ to_tsquery('simple', %s)"], params=[prefixes]
            )
        }
        assert found == plain, q
