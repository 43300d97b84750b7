"""The public pages' SQL read path (public_read.py) applies exactly the rules of the ORM one
(selectors.filter_public, badges): same products, same order, for every filter."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from sentra.catalog import public_read
from sentra.catalog.selectors import filter_public, in_public_order, public_products
from sentra.registry.models import Permit

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(catalog_business, make_product):
    """A small catalog with every case the filters tell apart."""
    halal = catalog_business(name="Keripik Bu Sari", district="Dander")
    pirt_only = catalog_business(
        name="Sambal Mbok Yem",
        district="Kapas",
        permits=[{"kind": "nib", "number": "1234567890123"}, {"kind": "pirt", "number": "P-IRT 1"}],
    )
    no_nib = catalog_business(name="Batik Sekar", district="Kapas", sector="craft", permits=[])
    expired = catalog_business(name="Kopi Lereng", district="Dander", permits=[])
    Permit.objects.create(
        business=expired, kind="halal", number="OLD", issued_on=dt.date(2015, 1, 1), expires_on=dt.date(2020, 1, 1)
    )
    Permit.objects.create(business=expired, kind="nib", number="9876543210987")
    closed = catalog_business(name="Tutup Sudah", district="Dander")
    made = [
        make_product(halal, name="Keripik Tempe", category="snack", price_min=10000, price_max=15000),
        make_product(halal, name="Keripik Pisang", category="snack", price_min=20000, price_max=20000, feature=True),
        make_product(halal, name="Jamu Kunyit", name_en="", description_en="", category="beverage"),
        make_product(pirt_only, name="Sambal Bawang", category="seasoning", monthly_capacity=50),
        make_product(pirt_only, name="Sambal Ijo", category="seasoning", price_min=None, price_max=None),
        make_product(no_nib, name="Batik Tulis", category="batik", price_min=350000, price_max=900000),
        make_product(expired, name="Kopi Robusta", name_en="Robusta Coffee", category="coffee"),
        make_product(halal, name="Keripik Rahasia", category="snack", publish=False),
        make_product(closed, name="Keripik Tutup", category="snack"),
    ]
    closed.status = "closed"
    closed.save(update_fields=["status"])
    return made


FILTER_VALUES = {
    "q": ["", "keripik", "kripik", "sambal bawang", "coffee", "zzzz"],
    "category": ["", "snack", "seasoning", "furniture"],
    "district": [None, "dander", "kapas"],
    "certification": ["", "halal", "pirt", "sni"],
    "export_ready": [False, True],
    "price_max": [None, 15000],
}


def _orm_ids(filters):
    return [p.pk for p in in_public_order(filter_public(public_products(), **filters))]


def _combinations(districts):
    keys = list(FILTER_VALUES)
    for values in itertools.product(*FILTER_VALUES.values()):
        filters = dict(zip(keys, values, strict=True))
        if filters["district"] is not None:
            filters["district"] = districts[filters["district"]]
        yield filters


@pytest.fixture
def districts():
    from sentra.regions.models import District

    return {name.lower(): District.objects.get(regency_id="35.22", name=name).code for name in ("Dander", "Kapas")}


def test_same_products_in_the_same_order_as_the_orm_for_every_filter(catalog, districts):
    checked = 0
    for filters in _combinations(districts):
        assert public_read.card_ids(filters) == _orm_ids(filters), filters
        checked += 1
    assert checked == 6 * 4 * 3 * 4 * 2 * 2


def test_the_halal_filter_is_the_same_on_both_paths(catalog, districts):
    """Only businesses holding a valid halal certificate: the expired one and the PIRT-only one are out."""
    halal_only = public_read.card_ids({"halal": True})
    assert halal_only == _orm_ids({"halal": True})
    assert {c.name for c in public_read.card_page({"halal": True}, 1, 24)[0]} == {
        "Keripik Tempe",
        "Keripik Pisang",
        "Jamu Kunyit",
    }
    for filters in _combinations(districts):
        if filters["q"] in ("", "keripik") and filters["price_max"] is None:
            filters = {**filters, "halal": True}
            assert public_read.card_ids(filters) == _orm_ids(filters), filters


@pytest.mark.parametrize("plan", ["as chosen", "walk", "walk over budget"])
def test_pages_are_the_same_whichever_plan_reads_them(catalog, districts, monkeypatch, plan):
    """As chosen: on SQLite the fixture's few candidates are read by the (business, category) index.
    Walk: FEW_CANDIDATES 0 walks the public order whenever there is a candidate (and the PostgreSQL
    search walks as usual). Walk over budget: no step budget (SQLite) and no bounded walk
    (PostgreSQL search), so the walk gives up and the fallback plan reads the page."""
    if plan != "as chosen":
        monkeypatch.setattr(public_read, "FEW_CANDIDATES", 0)
    if plan == "walk over budget":
        monkeypatch.setattr(public_read, "WALK_BUDGET_STEPS", 0)
        monkeypatch.setattr(public_read, "PG_SEARCH_WALK", 0)
    for filters in _combinations(districts):
        expected = _orm_ids(filters)
        for page in (1, 2):
            cards, has_next = public_read.card_page(filters, page, 2)
            assert [c.id for c in cards] == expected[(page - 1) * 2 : page * 2], (filters, page)
            assert has_next == (len(expected) > page * 2)


def test_sqlite_reads_few_candidates_by_the_business_index_and_none_not_at_all(catalog, districts, monkeypatch):
    """The plan, not only the page: a kecamatan's few products are read by the (business, category)
    index without a walk; a filter whose businesses have no product in the category reads no page."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan choice (PostgreSQL's planner chooses for itself)")
    statements = []
    fetch = public_read._fetch
    monkeypatch.setattr(
        public_read,
        "_fetch",
        lambda sql, params, budget=None: statements.append((sql, budget)) or fetch(sql, params, budget),
    )
    cards, _more = public_read.card_page({"district": districts["dander"]}, 1, 24)
    assert cards and all(budget is None for _sql, budget in statements)
    assert "INDEXED BY product_public_business" in statements[-1][0]
    statements.clear()
    assert public_read.card_page({"district": districts["kapas"], "category": "coffee"}, 1, 24) == ([], False)
    assert [sql.startswith("SELECT count(*)") for sql, _budget in statements] == [True]
    statements.clear()
    monkeypatch.setattr(public_read, "FEW_CANDIDATES", 0)
    public_read.card_page({"district": districts["dander"]}, 1, 24)
    assert [budget for _sql, budget in statements][:2] == [None, public_read.WALK_BUDGET_STEPS]  # count, walk


@pytest.mark.parametrize("shares", ["analysed", "rare", "common"])
def test_search_pages_are_the_same_whatever_the_word_statistics_say(catalog, districts, monkeypatch, shares):
    """PostgreSQL reads a search page by walking the newest products or from the GIN index, as the
    word statistics suggest (public_read._pg_search_rows): "rare" (every word in almost no product)
    reads every page from the index alone, "common" (every word in every product) walks first and
    falls back on the index when the walk comes back short. Same pages either way."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE catalog_product")
    public_read.forget_pg_stats()
    if shares != "analysed":
        share = 1e-9 if shares == "rare" else 1.0
        monkeypatch.setattr(public_read, "_pg_word_shares", lambda: ({}, share))
    walked = 0
    for filters in _combinations(districts):
        if not filters["q"]:
            continue
        expected = _orm_ids(filters)
        for page in (1, 2):
            with CaptureQueriesContext(connection) as queries:
                cards, has_next = public_read.card_page(filters, page, 2)
            assert [c.id for c in cards] == expected[(page - 1) * 2 : page * 2], (filters, page)
            assert has_next == (len(expected) > page * 2)
            walked += any("ts_match_vq" in q["sql"] for q in queries.captured_queries)
    if connection.vendor == "postgresql" and shares == "rare":
        assert walked == 0
    if connection.vendor == "postgresql" and shares == "common":
        assert walked > 0


@pytest.mark.parametrize("probe_rows", [200, 1])
def test_search_pages_are_the_same_when_the_index_is_probed_first(catalog, monkeypatch, probe_rows):
    """Words expected not to meet (each common enough to walk for, together in almost no product):
    PostgreSQL first takes up to PG_PROBE_ROWS matches from the GIN index; fewer than that are all
    the matches, and the page is read from them, otherwise it walks as usual. probe_rows=1 makes
    every probe that finds a match "many", so the walk (and the index after a short walk) runs too.
    Same pages either way, including words that never meet and a page past the end."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    public_read.forget_pg_stats()
    # every word in 0.5 % of the products: one word is walked for, two words are expected apart (a word
    # with a spelling variant, spelling.py, counts both spellings: keripik | kripik in 1 %)
    monkeypatch.setattr(public_read, "_pg_word_shares", lambda: ({}, 0.005))
    monkeypatch.setattr(public_read, "PG_PROBE_ROWS", probe_rows)
    probed = 0
    for q in ("keripik tempe", "keripik pisang", "keripik coffee", "sambal bawang", "kripik sambal", "keripik"):
        expected = _orm_ids({"q": q})
        for page in (1, 2, 3):
            with CaptureQueriesContext(connection) as queries:
                cards, has_next = public_read.card_page({"q": q}, page, 1)
            assert [c.id for c in cards] == expected[page - 1 : page], (q, page)
            assert has_next == (len(expected) > page)
            probed += any("probe" in x["sql"] for x in queries.captured_queries)
    if connection.vendor == "postgresql":
        assert probed == 5 * 3  # every two-word search, never the one-word one


def test_pg_search_probe_reads_the_page_from_the_matches_it_found(catalog, monkeypatch):
    """The probe's rows are ids: when they are all the matches, the page is read by those keys and
    neither the walk nor a second index scan runs (the plan says which parts were executed)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan")
    public_read.forget_pg_stats()
    monkeypatch.setattr(public_read, "_pg_word_shares", lambda: ({}, 0.01))
    probes = []

    def keep(execute, sql, params, many, context):
        if "probe" in sql:
            probes.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        cards, _more = public_read.card_page({"q": "keripik tempe"}, 1, 24)
    assert [c.id for c in cards] == _orm_ids({"q": "keripik tempe"})
    plans = []
    with connection.cursor() as cur:
        for sql, params in probes:
            cur.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, params)
            plans.append("\n".join(row[0] for row in cur.fetchall()))
    assert len(plans) == 1
    # the conditions of the plan nodes that ran (a condition line belongs to the node line above it)
    ran, conditions = True, []
    for line in plans[0].splitlines():
        if "->" in line or line.startswith(("CTE", "Append", "Limit", "Sort")):
            ran = "never executed" not in line
        elif ran and ("Cond:" in line or "Filter:" in line):
            conditions.append(line)
    assert len([c for c in conditions if "@@" in c and "Recheck" not in c]) == 1, plans[0]  # the probe only
    assert not any("ts_match_vq" in c for c in conditions), plans[0]  # no walk


def test_word_statistics_come_from_the_analysed_search_vector(catalog):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's column statistics")
    with connection.cursor() as cur:
        cur.execute("ANALYZE catalog_product")
    public_read.forget_pg_stats()
    shares, rare = public_read._pg_word_shares()
    # of the 9 products, published or not: every description says keripik, 2 are sambal, 1 is kopi
    assert shares["keripik"] == pytest.approx(1.0)
    assert shares["sambal"] == pytest.approx(2 / 9) and shares["kopi"] == pytest.approx(1 / 9)
    assert 0 < rare <= min(shares.values())
    # a product matches at most as often as its rarest group of alternatives; a prefix counts as 1
    assert public_read._pg_match_shares("(keripik) & (sambal | kopi)")[0] == pytest.approx(3 / 9)
    assert public_read._pg_match_shares("(keripik) & (sambal:*)")[0] == pytest.approx(1.0)
    assert public_read._pg_match_shares("(keripik) & (zzqxv)")[0] == pytest.approx(rare)


def test_pg_search_index_has_no_pending_list(db):
    """Migration 0005: GIN fastupdate off, so that no search reads an unsorted pending list."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's GIN index")
    with connection.cursor() as cur:
        cur.execute("SELECT reloptions FROM pg_class WHERE relname = 'catalog_product_search_vector'")
        assert cur.fetchone()[0] == ["fastupdate=off"]


def test_pg_search_statement_is_prepared_once_and_planned_once(catalog):
    """public_read._fetch_prepared: the words are the statement's tsquery parameter, so every search
    of one shape and page runs one prepared statement, and PostgreSQL plans it once (its generic
    plan, plan_cache_mode in settings) — planning was about half a search statement's time, and
    left to itself PostgreSQL kept re-planning the probing statement. The cards stay the ORM's."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's prepared statements")
    queries = ("keripik", "kripik", "sambal bawang", "coffee")
    expected = {q: _orm_ids({"q": q})[:24] for q in queries}
    for _round in range(4):
        for q in queries:
            cards, _more = public_read.card_page({"q": q}, 1, 24)
            assert [c.id for c in cards] == expected[q], q
    with connection.cursor() as cur:
        cur.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%search_vector%::tsquery%"],
        )
        plans = cur.fetchall()
    assert 1 <= len(plans) <= 3  # walk then index, index alone, probe first
    assert sum(generic for generic, _custom in plans) == 4 * len(queries)
    assert sum(custom for _generic, custom in plans) == 0


def test_pg_search_without_prepared_statements_gives_the_same_cards(catalog, monkeypatch):
    """DB_PREPARED=false (prepare_threshold None, for a pooler that cannot keep prepared statements):
    the same statement runs unprepared, with the same cards, and nothing is left prepared."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's prepared statements")
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    for _round in range(3):
        for q in ("keripik", "kripik", "coffee"):
            cards, _more = public_read.card_page({"q": q}, 1, 24)
            assert [c.id for c in cards] == _orm_ids({"q": q})[:24], q
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cur.fetchone()[0] == 0


def test_cards_carry_business_kecamatan_and_valid_badges_only(catalog):
    cards, _ = public_read.card_page({}, 1, 24)
    by_name = {c.name: c for c in cards}
    assert "Keripik Rahasia" not in by_name and "Keripik Tutup" not in by_name
    assert by_name["Keripik Tempe"].business_name == "Keripik Bu Sari"
    assert by_name["Keripik Tempe"].district_name == "Dander"
    assert [k for k, _label in by_name["Keripik Tempe"].badges] == ["halal"]
    assert [k for k, _label in by_name["Sambal Bawang"].badges] == ["pirt"]
    assert by_name["Kopi Robusta"].badges == []  # halal expired in 2020
    assert cards[0].name == "Keripik Pisang"  # featured first


@pytest.mark.parametrize("q", ["", "keripik"])
def test_card_details_survive_a_business_name_holding_the_separator(catalog, q):
    """_details_sql() joins business name, kecamatan and badges into one text with SEP; a name that
    holds SEP (nothing stops one) still comes back whole, with its kecamatan and badges."""
    from sentra.registry.models import Business

    Business.objects.filter(name="Keripik Bu Sari").update(name=f"Keripik{public_read.SEP}Bu Sari")
    cards, _ = public_read.card_page({"q": q}, 1, 24)
    tempe = next(c for c in cards if c.name == "Keripik Tempe")
    assert tempe.business_name == f"Keripik{public_read.SEP}Bu Sari"
    assert tempe.district_name == "Dander"
    assert [k for k, _label in tempe.badges] == ["halal"]


def test_cards_carry_the_cover_thumbnail_on_every_read(catalog):
    """The cover is the first photo by (order, id); listing, search (its own statement on
    PostgreSQL) and the producer's cards read it the same way."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from sentra.catalog.models import ProductPhoto
    from sentra.catalog.services import photo_add

    def upload(colour):
        out = io.BytesIO()
        Image.new("RGB", (800, 600), colour).save(out, "JPEG")
        return SimpleUploadedFile("foto.jpg", out.getvalue(), content_type="image/jpeg")

    tempe = catalog[0]
    first = photo_add(actor=None, product=tempe, upload=upload((200, 30, 30)))
    cover = photo_add(actor=None, product=tempe, upload=upload((30, 200, 30)))
    ProductPhoto.objects.filter(pk=first.pk).update(order=2)
    ProductPhoto.objects.filter(pk=cover.pk).update(order=1)
    reads = {
        "listing": public_read.card_page({}, 1, 24)[0],
        "search": public_read.card_page({"q": "keripik tempe"}, 1, 24)[0],
        "producer": public_read.producer_cards(tempe.business_id),
    }
    for name, cards in reads.items():
        by_id = {c.id: c for c in cards}
        card = by_id[tempe.pk]
        assert card.thumb_webp == cover.thumb_webp.url and card.thumb_jpeg == cover.thumb_jpeg.url, name
        assert card.thumb_webp.endswith(".webp") and card.thumb_jpeg.endswith(".jpg"), name
        assert (card.business_name, card.district_name) == ("Keripik Bu Sari", "Dander"), name
        assert [k for k, _label in card.badges] == ["halal"], name
        others = [c for c in cards if c.id != tempe.pk]
        assert others and all(c.thumb_webp == c.thumb_jpeg == "" for c in others), name


def test_card_texts_are_escaped(client, catalog_business, make_product):
    make_product(catalog_business(name="Toko <b>Tebal</b>"), name="Keripik <script>alert(1)</script>")
    body = client.get(reverse("catalog:list")).content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<b>Tebal" not in body and "Toko &lt;b&gt;Tebal&lt;/b&gt;" in body


@pytest.mark.parametrize("cache_seconds", ["0", "60"])
def test_unpublished_product_leaves_the_listing_at_once(
    client, catalog, staff_user, settings, cache_seconds, django_capture_on_commit_callbacks
):
    """Uncached: nothing to invalidate. Cached: the write bumps this process's cache generation."""
    from sentra.catalog.services import product_curate

    settings.CATALOG_CACHE_SECONDS = int(cache_seconds)
    url = reverse("catalog:list")
    assert "Keripik Tempe" in client.get(url, {"category": "snack"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        product_curate(actor=staff_user, product=catalog[0], action="unpublish")
    assert "Keripik Tempe" not in client.get(url, {"category": "snack"}).content.decode()


def test_only_the_head_of_the_listing_is_page_cached(client, catalog, settings):
    """Listing pages and category pages are cached (gzipped); searches and filter combinations are
    a long tail, served uncached."""
    from django.core.cache import cache

    settings.CATALOG_CACHE_SECONDS = 60
    url = reverse("catalog:list")
    cached = client.get(url, {"category": "snack", "page": "1"}, HTTP_ACCEPT_ENCODING="gzip")
    assert cached["Cache-Control"] == "public, max-age=60" and cached["Content-Encoding"] == "gzip"
    again = client.get(url, {"category": "snack", "page": "1"}, HTTP_ACCEPT_ENCODING="gzip")
    assert again.content == cached.content and again["Content-Encoding"] == "gzip"
    entries = len(cache._cache)
    searched = client.get(url, {"q": "keripik"})
    assert "Cache-Control" not in searched and "Keripik Tempe" in searched.content.decode()
    client.get(url, {"district": "35.22.09", "category": "snack"})
    assert len(cache._cache) == entries


def test_public_product_reads_what_the_orm_reads(catalog):
    """public_product's one statement gives the product with the ORM's values and types (booleans,
    aware datetimes: Django's converters applied), the business's shown fields and valid permit kinds;
    nothing for an unpublished product or a closed business."""
    from sentra.catalog.models import Product

    shown = {p.pk for p in public_products()}
    for made in catalog:
        found = public_read.public_product(made.pk)
        if made.pk not in shown:
            assert found is None, made.name
            continue
        product, photos, kinds = found
        orm = Product.objects.select_related("business__district").get(pk=made.pk)
        for f in Product._meta.concrete_fields:
            mine, theirs = getattr(product, f.attname), getattr(orm, f.attname)
            assert (mine, type(mine)) == (theirs, type(theirs)), f.attname
        assert product.business.name == orm.business.name
        assert product.business.phone == orm.business.phone
        assert product.business.phone_public is orm.business.phone_public
        assert product.business.district.name == orm.business.district.name
        valid = {p.kind for p in orm.business.permits.all() if p.expires_on is None or p.expires_on >= dt.date.today()}
        assert kinds == valid, made.name
        assert photos == list(orm.photos.order_by("order", "id"))
    assert public_read.public_product(10**9) is None


@pytest.mark.parametrize("prepared", [True, False])
def test_public_product_on_postgresql_is_prepared_unless_turned_off(catalog, monkeypatch, prepared):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's prepared statements")
    connection.ensure_connection()
    if not prepared:  # DB_PREPARED=false
        monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    for _round in range(3):
        product, _photos, kinds = public_read.public_product(catalog[0].pk)
        assert (product.name, kinds) == ("Keripik Tempe", {"halal", "nib"})
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%registry_permit r%'")
        assert cur.fetchone()[0] == (1 if prepared else 0)
