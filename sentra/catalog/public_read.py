"""The public catalog's hot read path: the cards of the listing, search and home page and the
product page, read with a few plain SQL statements instead of the ORM.

Why not the ORM here: with 100,000 products the database part of a listing page is ~0.2 ms,
while building and compiling the ORM query (a correlated EXISTS, select_related, two prefetches)
and instantiating models cost ~15 ms per page — the whole budget of a page served 1,000 times a
second on two cores. The rules are written once (rules.py, filters.py) for both paths
(tests/test_public_read.py checks that both return the same products for every filter), so
the back office and the API keep using the ORM.

The statements stay in the shape that lets SQLite walk the `product_public_order` partial
index (or the FTS5 index for search) and stop after one page: the product table alone in the
FROM clause, the business's status and kecamatan as a correlated EXISTS. Business, kecamatan,
cover photo and permits of the (at most 25) products on the page are then read by key."""

import datetime as dt
import math
import re
import sqlite3
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django.utils.encoding import filepath_to_uri
from django.utils.text import slugify

from sentra.catalog import rules
from sentra.catalog.badges import BADGE_LABELS
from sentra.catalog.filters import FILTERS
from sentra.catalog.models import FOOD_CATEGORIES
from sentra.catalog.rules import BADGE_KINDS
from sentra.catalog.search import pg_tsquery, query_terms
from sentra.regions import home
from sentra.registry.models import Business

PUBLIC_ORDER_SQL = "p.is_featured DESC, p.published_at DESC, p.id DESC"
CARD_COLUMNS = "p.id, p.name, p.name_en, p.category, p.price_min, p.price_max, p.unit, p.business_id"


@dataclass(slots=True)
class Card:
    """What a product card shows; `title` and `slug` follow the active language like Product's."""

    id: int
    name: str
    name_en: str
    category: str
    price_min: int | None
    price_max: int | None
    unit: str
    business_id: int
    business_name: str = ""
    district_name: str = ""
    thumb_webp: str = ""
    thumb_jpeg: str = ""
    badges: list = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.id

    def title_for(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def slug_for(self, lang: str) -> str:
        return _slug(self.title_for(lang))

    @property
    def slug(self) -> str:
        from sentra.catalog.i18n import current

        return self.slug_for(current())

    @property
    def is_food(self) -> bool:
        return self.category in FOOD_CATEGORIES


@lru_cache(maxsize=8192)
def _slug(title: str) -> str:
    """Product.slug_for()'s rule; product names repeat (and slugify costs ~20 µs a card)."""
    return slugify(title)[:60] or "produk"


def _search_sql(q: str, params: list) -> tuple[str, str, str] | None:
    """(extra FROM, WHERE, ORDER BY) of a search, or None when no word can match anything."""
    terms = query_terms(q)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        params.append(pg_tsquery(terms))
        return "", PG_MATCH, "p.id DESC"
    params.append(" AND ".join("(" + " OR ".join(f"{a}*" for a in alts) + ")" for alts in terms))
    return (
        ", catalog_product_fts",
        "catalog_product_fts.rowid = p.id AND catalog_product_fts MATCH %s",
        "catalog_product_fts.rowid DESC",
    )


# Plan choice on SQLite (PostgreSQL's planner has statistics of its own). A business-level filter
# (kecamatan, certification, export-ready's permits) is resolved first to the ids of the
# businesses that pass it — a registry has thousands of businesses, not 100,000s. The page is
# then read by walking the public order (or the category's own ordered index) and stopping after
# one page, which is fast when matches are common; when they are rare that walk reads most of the
# catalog, so it gets a budget of SQLite steps and, past it, the page is read instead by the
# (business, category) index and sorted — exact either way, only the cost differs.
# Before walking, the (business, category) index is asked how many products those businesses have
# (in the category), counting no further than FEW_CANDIDATES: none is an empty page at once; a
# few are read and sorted straight away. On the bench's 890 business-filtered pages (100,000
# products, SQLite) the walk alone took 4.6 s, the index alone 1.5 s, this choice 0.7 s (the
# cheaper of the two for each page: 0.4 s); the cut-off was measured flat between 500 and 1,200.
WALK_BUDGET_STEPS = 40_000
FEW_CANDIDATES = 800
MAX_ID_LIST = 5000


@dataclass
class Fallback:
    """The page by the (business, category) index, and how to count its candidates (at most
    FEW_CANDIDATES + 1) by that index alone."""

    sql: str
    count_sql: str
    count_params: list


class _OverBudget(Exception):
    pass


def _fetch(sql: str, params: list, budget: int | None = None) -> list:
    """Rows of `sql`; with a budget (SQLite only), _OverBudget once it takes more than `budget`
    steps. The budgeted statement runs on the driver's own cursor: a debug cursor's follow-up
    query would otherwise inherit the interruption."""
    if budget is None:
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    connection.ensure_connection()
    raw = connection.connection
    state = {"ticks": 0}

    def tick():
        state["ticks"] += 1
        return 1 if state["ticks"] * 1000 > budget else 0

    raw.set_progress_handler(tick, 1000)
    cur = raw.cursor()
    try:
        cur.execute(sql.replace("%s", "?"), [p.isoformat() if isinstance(p, dt.date) else p for p in params])
        return cur.fetchall()
    except sqlite3.OperationalError:
        if state["ticks"] * 1000 > budget:
            raise _OverBudget() from None
        raise
    finally:
        cur.close()
        raw.set_progress_handler(None, 0)


def _business_filter(values: dict, today) -> tuple[str, list] | None:
    """(SQL condition on registry_business b, params) of the business-level filters, or None."""
    where, params = [], []
    for f in FILTERS:
        value = values.get(f.name, f.empty)
        if f.business_sql is not None and f.is_set(value):
            where.append(f.business_sql(value, today, params))
    return (" AND ".join(where), params) if where else None


def _filtered_sql(filters: dict, today=None) -> tuple[str, list, str | None] | None:
    """(SELECT … FROM … WHERE … ORDER BY of the public products matching the filters — the same
    rules as selectors.filter_public (filters.FILTERS) —, its params, the same by the business index
    or None), or None when the result is empty for sure."""
    today = today or timezone.localdate()
    q, category = filters.get("q") or "", filters.get("category") or ""
    params: list = []
    tables, order = "catalog_product p", PUBLIC_ORDER_SQL
    where = []
    if q:
        found = _search_sql(q, params)
        if found is None:
            return None
        extra_from, condition, order = found
        tables += extra_from
        where.append(condition)
    business = _business_filter(filters, today)
    if business is None:
        where.append(rules.active_business_sql(params))
    else:
        condition, business_params = business
        active_params: list = []
        active = rules.business_active_sql(active_params)
        passing = f"SELECT b.id FROM registry_business b WHERE {active} AND {condition}"
        with connection.cursor() as cur:
            cur.execute(passing, [*active_params, *business_params])
            ids = [row[0] for row in cur.fetchall()]
        if not ids:
            return None
        if len(ids) > MAX_ID_LIST:
            where.append(f"p.business_id IN ({passing})")
            params.extend([*active_params, *business_params])
            ids = None
    walk = fallback = ""
    if connection.vendor == "sqlite" and not q:
        walk = " INDEXED BY product_public_category" if category else " INDEXED BY product_public_order"
        if business and ids:
            fallback = " INDEXED BY product_public_business"
            # only what the index holds (it is partial on is_published), so the count reads no row
            on_index = f"p.business_id IN ({_in(ids)}) AND {rules.PUBLISHED_SQL}"
            on_index += " AND p.category = %s" if category else ""
            count_sql = (
                f"SELECT count(*) FROM (SELECT 1 FROM catalog_product p{fallback} WHERE {on_index} "
                f"LIMIT {FEW_CANDIDATES + 1})"
            )
            count_params = [*ids, *([category] if category else [])]
    if business and ids:
        where.append(f"p.business_id IN ({_in(ids)})")
        params.extend(ids)
    where.append(rules.PUBLISHED_SQL)
    for f in FILTERS:
        value = filters.get(f.name, f.empty)
        if f.product_sql is not None and f.is_set(value):
            where.append(f.product_sql(value, params))
    rest = f" WHERE {' AND '.join(where)} ORDER BY {order}"
    sql = f"SELECT {CARD_COLUMNS} FROM {tables}{walk}{rest}"
    if not fallback:
        return sql, params, None
    return sql, params, Fallback(f"SELECT {CARD_COLUMNS} FROM {tables}{fallback}{rest}", count_sql, count_params)


def _in(ids) -> str:
    return ", ".join(["%s"] * len(ids))


# Separates the values that one subquery of _details_sql() joins into one text (ASCII unit separator).
SEP = "\x1f"


def _details_sql(today: dt.date, params: list) -> str:
    """Two columns of a card row `p` (id, business_id): business name, kecamatan name and the kinds
    of the business's valid badge permits (comma-separated), joined by SEP; and the cover
    thumbnails (WebP, JPEG), joined by SEP. Each is one subquery read by key, so that no plan
    reads a whole table for the (at most 25) cards; two subqueries instead of one per value
    (six) took the details of a search page from ~0.75 to ~0.45 ms on PostgreSQL."""
    kinds = [k.value for k in BADGE_KINDS]
    params.extend([SEP, SEP, *kinds])
    valid = rules.permit_valid_sql(today, params)
    params.append(SEP)
    return (
        "(SELECT b.name || %s || COALESCE(d.name, '') || %s || COALESCE("
        f"(SELECT {_kinds_agg()} FROM registry_permit r WHERE r.business_id = b.id AND r.kind IN ({_in(kinds)}) "
        f"AND {valid}), '') "
        "FROM registry_business b LEFT JOIN regions_district d ON d.code = b.district_id "
        "WHERE b.id = p.business_id), "
        "(SELECT COALESCE(f.thumb_webp, '') || %s || COALESCE(f.thumb_jpeg, '') FROM catalog_productphoto f "
        f"WHERE f.product_id = p.id ORDER BY f.{_q('order')}, f.id LIMIT 1)"
    )


def _kinds_agg() -> str:
    """The aggregate of the distinct permit kinds `r.kind` of a group, comma-separated."""
    if connection.vendor == "postgresql":
        return "string_agg(DISTINCT r.kind, ',')"
    return "group_concat(DISTINCT r.kind)"


def _fill(card: Card, details, media: str) -> Card:
    """Set what _details_sql() read on the card."""
    business, cover = details
    # the name may hold anything; the kecamatan name and the permit kinds never hold SEP
    name, district, kinds = business.rsplit(SEP, 2) if business else ("", "", "")
    webp, jpeg = cover.split(SEP, 1) if cover else ("", "")
    card.business_name, card.district_name = name, district
    card.thumb_webp = media + filepath_to_uri(webp) if webp else ""
    card.thumb_jpeg = media + filepath_to_uri(jpeg) if jpeg else ""
    held = kinds.split(",") if kinds else ()
    card.badges = [(k, BADGE_LABELS[k]) for k in BADGE_KINDS if k in held]
    return card


def _media_url() -> str:
    return default_storage.url("x")[:-1]  # the storage's base URL: FileField.url without a urljoin per photo


def _complete(cards: list[Card], today: dt.date | None = None) -> list[Card]:
    """Fill in business, kecamatan, cover thumbnail and badges of the cards: one read by key."""
    if not cards:
        return cards
    params: list = []
    details = _details_sql(today or timezone.localdate(), params)
    ids = [c.id for c in cards]
    with connection.cursor() as cur:
        cur.execute(f"SELECT p.id, {details} FROM catalog_product p WHERE p.id IN ({_in(ids)})", [*params, *ids])
        found = {row[0]: row[1:] for row in cur.fetchall()}
    media = _media_url()
    for c in cards:
        _fill(c, found.get(c.id, ("", "")), media)
    return cards


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


# PostgreSQL search, one statement per page. Matches are in id order (newest first), and either
# plan reads them exactly:
# - walk: the newest products, in id order through the primary key, testing each one's stored
#   tsvector (~0.3 µs a row) and stopping after one page. If that fills the page, it is the page:
#   every other match has a smaller id. The test is written as ts_match_vq(), the function behind
#   @@, so that the planner cannot turn the walk into a GIN scan of every match followed by a sort
#   (it takes query words as independent: for "snake fruit", which always meet, it expected 180
#   matches instead of 4,300, and reading those cost ~20 ms).
# - index: otherwise the matches are rare among the newest products, so they are collected from
#   the GIN index and sorted ("p.id + 0": never a walk of the whole table in id order, which for
#   two common words that never meet read all 100,000 rows to find none). Run only when the walk
#   came back short (a one-time filter on the walk's row count), or alone when the walk cannot
#   fill the page.
# How far to walk comes from the share of products that hold each word (the column statistics
# ANALYZE keeps, pg_stats.most_common_elems): a product matches at most as often as its rarest
# query word does, so a walk of PG_WALK_MARGIN × (rows of the page) / (that share) is long enough
# when the words go together, and no walk at all is tried when even PG_SEARCH_WALK products are
# not expected to fill the page (then at most a few hundred products match, and the index reads
# them in ~1 ms). The statistics only decide the cost; the rows are exact whatever they say.
# - probe: several words, each common enough to walk for but expected apart (the product of their
#   shares, as if independent, would not fill the page within PG_SEARCH_WALK): first the ids of
#   at most PG_PROBE_ROWS matches from the GIN index, with no sort. Fewer than that are all the
#   matches, and the page is read by those keys; otherwise the words do meet, and the walk (then
#   the index) runs as above. Words that never meet ("kopi batik": 60 % of the bench's searches
#   find nothing) then cost one index lookup (~0.6 ms) instead of a walk of thousands of products
#   and the lookup (~1.3 ms); words that always meet pay the probe on top of the walk (~2 ms).
# The tsquery is a parameter of type tsquery, not to_tsquery('simple', %s): search.pg_tsquery() writes
# only [a-z0-9] lexemes, which both read the same, and a prepared statement's generic plan would
# otherwise call to_tsquery() once per row it walks.
PG_MATCH = "p.search_vector @@ %s::tsquery"
PG_MATCH_WALKED = "ts_match_vq(p.search_vector, %s::tsquery)"
PG_SEARCH_WALK = 5000
PG_WALK_MARGIN = 3
PG_PROBE_ROWS = 200
PG_STATS_TTL = 300.0  # seconds a process keeps the word statistics

_pg_stats: dict = {"loaded": None, "freq": {}, "rare": 1.0}


def _pg_word_shares() -> tuple[dict[str, float], float]:
    """({lexeme: share of products holding it}, share assumed for a lexeme not listed), from
    the planner's statistics of search_vector, kept PG_STATS_TTL per process. Without statistics
    (a table never analysed) every share is 1: walk, then the index."""
    now = time.monotonic()
    if _pg_stats["loaded"] is None or now - _pg_stats["loaded"] > PG_STATS_TTL:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE schemaname = current_schema() AND tablename = 'catalog_product' AND attname = 'search_vector'"
            )
            row = cur.fetchone()
        freq, rare = {}, 1.0
        if row and row[0] and row[1]:
            words, shares = row
            freq = dict(zip(words, shares[: len(words)], strict=True))
            rare = shares[len(words)] if len(shares) > len(words) else min(freq.values())  # the least share listed
        _pg_stats.update(loaded=now, freq=freq, rare=rare)
    return _pg_stats["freq"], _pg_stats["rare"]


def forget_pg_stats() -> None:
    _pg_stats["loaded"] = None


def _pg_match_shares(expr: str) -> tuple[float, float]:
    """Estimates of the share of products matching the tsquery text `expr` (pg_tsquery(): groups
    joined by " & ", alternatives by " | "): an upper one, the share of its rarest group (the words
    always meet), and the share if the groups were independent (their product)."""
    freq, rare = _pg_word_shares()
    share = apart = 1.0
    for group in expr.split(" & "):
        total = 0.0
        for lexeme in group.strip("()").split(" | "):
            total += 1.0 if lexeme.endswith(":*") else freq.get(lexeme, rare)
        share = min(share, total)
        apart *= min(total, 1.0)
    return share, apart


def _pg_search_rows(sql: str, params: list, size: int, offset: int) -> list:
    """Rows (CARD_COLUMNS, then _details_sql()'s columns) of one search page, newest first, in
    one prepared statement (see _fetch_prepared)."""
    select, order = sql.rsplit(" ORDER BY ", 1)
    if order != "p.id DESC" or select.count(PG_MATCH) != 1:
        raise ValueError(f"not a PostgreSQL search statement: {sql}")
    need = offset + size + 1
    share, apart = _pg_match_shares(params[0])  # the tsquery comes first (see _search_sql)
    walk_rows = min(PG_SEARCH_WALK + offset, math.ceil(PG_WALK_MARGIN * need / share) if share > 0 else 0)
    if share * (PG_SEARCH_WALK + offset) < need:
        walk_rows = 0
    # Page size and offset are written into the text, so that the plan knows them (a LIMIT
    # parameter is planned as 10 % of the rows); a statement text per page number.
    limit = f"LIMIT {int(size) + 1} OFFSET {int(offset)}"
    indexed = f"{select} ORDER BY p.id + 0 DESC {limit}"
    if walk_rows <= offset + size:  # such a walk cannot fill the page: the index alone
        page, page_params = indexed, list(params)
    else:
        walk = (
            f"{select.replace(PG_MATCH, PG_MATCH_WALKED)} AND p.id > (SELECT max(id) FROM catalog_product) - %s "
            f"ORDER BY p.id DESC {limit}"
        )
        walked, short = f"(SELECT count(*) FROM walk) > {int(size)}", f"(SELECT count(*) FROM walk) <= {int(size)}"
        # the walk, then the index when the walk comes back short; with a probe, only when it found many
        gate, probe, by_probe, probe_params, by_probe_params = "", "", "", [], []
        if apart * (PG_SEARCH_WALK + offset) < need:
            cap = PG_PROBE_ROWS + int(offset)
            gate = f"(SELECT count(*) FROM probe) >= {cap} AND "
            probe = f"probe AS MATERIALIZED (SELECT p.id FROM catalog_product p WHERE {PG_MATCH} LIMIT {cap}), "
            by_probe = (
                f"({select.replace(PG_MATCH, 'p.id = ANY(ARRAY(SELECT id FROM probe))')} "
                f"AND (SELECT count(*) FROM probe) < {cap} ORDER BY p.id + 0 DESC {limit}) UNION ALL "
            )
            probe_params, by_probe_params = params[:1], params[1:]  # the tsquery; the rest of the filters
        page = (
            f"WITH {probe}walk AS MATERIALIZED ({walk}) "
            f"{by_probe}(SELECT * FROM walk WHERE {gate}{walked}) "
            f"UNION ALL ({select} AND {gate}{short} ORDER BY p.id + 0 DESC {limit})"
        )
        page_params = [*probe_params, *params, walk_rows, *by_probe_params, *params]
    detail_params: list = []
    details = _details_sql(timezone.localdate(), detail_params)
    rows = _fetch_prepared(
        f"WITH page AS MATERIALIZED ({page}) SELECT p.*, {details} FROM page p", [*page_params, *detail_params]
    )
    rows.sort(key=lambda row: row[0], reverse=True)
    return rows


@lru_cache(maxsize=1)
def _prepared_cursor_class():
    """Django's server-side binding cursor, preparing every statement it runs (imported on first
    use: the PostgreSQL backend needs psycopg)."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=True, binary=None):
            return super().execute(query, params, prepare=prepare, binary=binary)

        def _send_query_prepared(self, name, pgq, *, binary=None):
            # psycopg records the statement (which Django's query log reads) only for unprepared runs;
            # a private hook: test_search_pages_are_the_same_whatever_the_word_statistics_say reads the log
            self._query = pgq
            return super()._send_query_prepared(name, pgq, binary=binary)

    return PreparedCursor


def _fetch_prepared(sql: str, params: list) -> list:
    """Rows of `sql` run as a server-side prepared statement (PostgreSQL; Django binds parameters
    on the client and never prepares). psycopg keeps the statement per connection (at most 100,
    least recently used dropped), so with persistent connections (DB_CONN_MAX_AGE) it is parsed
    once, and PostgreSQL plans it once for all (its generic plan: plan_cache_mode=force_generic_plan
    in settings; left to choose, it kept re-planning the probing statement on every run) instead of
    on every run: a search statement's planning was about half its time. A generic plan suits it:
    the walk reads the primary key in order whatever the words, the probe reads the GIN index, and
    the index branch, the card details and the product page's read are by key. Through Django's
    cursor wrapper, so that query logging and execute_wrapper() still see it."""
    connection.ensure_connection()
    raw = _prepared_cursor_class()(connection.connection)
    cur = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with cur:
        cur.execute(sql, params)
        return cur.fetchall()


def card_page(filters: dict, page: int, size: int) -> tuple[list[Card], bool]:
    """One page of public cards matching `filters` (forms.CatalogFilterForm.filters()), and
    whether there is a next page; no COUNT over the whole result."""
    built = _filtered_sql(filters)
    if built is None:
        return [], False
    sql, params, fallback = built
    if filters.get("q") and connection.vendor == "postgresql":
        rows = _pg_search_rows(sql, params, size, (page - 1) * size)
        media, width = _media_url(), len(CARD_COLUMNS.split(", "))
        return [_fill(Card(*row[:width]), row[width:], media) for row in rows[:size]], len(rows) > size
    params = [*params, size + 1, (page - 1) * size]
    if fallback is None:
        rows = _fetch(f"{sql} LIMIT %s OFFSET %s", params)
    else:
        candidates = _fetch(fallback.count_sql, fallback.count_params)[0][0]
        if candidates == 0:
            return [], False
        rows = None
        if candidates > FEW_CANDIDATES:
            try:
                rows = _fetch(f"{sql} LIMIT %s OFFSET %s", params, budget=WALK_BUDGET_STEPS)
            except _OverBudget:
                pass  # rare after all: read by the index below
        if rows is None:
            rows = _fetch(f"{fallback.sql} LIMIT %s OFFSET %s", params)
    cards = [Card(*row) for row in rows[:size]]
    return _complete(cards), len(rows) > size


COUNT_CAP = 1000  # the listing counts its matches up to this many ("1.000+ produk")


def result_count(filters: dict, cap: int = COUNT_CAP) -> int:
    """How many public products match `filters`, counted no further than cap + 1 (a count of a
    common word over 100,000 products would cost more than the page itself)."""
    built = _filtered_sql(filters)
    if built is None:
        return 0
    sql, params, _fallback = built
    body = sql.split(" FROM ", 1)[1]
    if not filters.get("q"):
        # the page's walk order does not help a count: the planner picks the category or business index
        body = re.sub(r" INDEXED BY \w+", "", body.rsplit(" ORDER BY ", 1)[0])
    # a search keeps its order (the full-text index's own, newest first), which keeps its plan: without
    # it SQLite may read the category's rows and test each against the index (100 ms instead of 2 ms)
    rows = _fetch(f"SELECT count(*) FROM (SELECT 1 FROM {body} LIMIT %s) counted", [*params, cap + 1])
    return rows[0][0]


def card_ids(filters: dict, limit: int = 1000) -> list[int]:
    """Ids of the public products matching `filters`, in page order (for tests and checks)."""
    built = _filtered_sql(filters)
    if built is None:
        return []
    sql, params, _fallback = built
    return [row[0] for row in _fetch(f"{sql} LIMIT %s", [*params, limit])]


def _public_cards(condition: str, params: list, limit: int | None = None) -> list[Card]:
    """Cards of the public products (published, of an active business) that also meet `condition`."""
    params = list(params)
    sql = (
        f"SELECT {CARD_COLUMNS} FROM catalog_product p WHERE {rules.PUBLISHED_SQL} AND {condition} AND "
        f"{rules.active_business_sql(params)} ORDER BY {PUBLIC_ORDER_SQL}"
    )
    if limit is not None:
        sql, params = f"{sql} LIMIT %s", [*params, limit]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        cards = [Card(*row) for row in cur.fetchall()]
    return _complete(cards)


def producer_cards(business_id: int) -> list[Card]:
    """The public products of one business, in public order."""
    return _public_cards("p.business_id = %s", [business_id])


def public_product(pk: int):
    """(product, its photos, kinds of the business's valid permits) of a public product, or
    None. Two reads by key: the product with its business, kecamatan and permit kinds in one
    statement (prepared on PostgreSQL, see _fetch_prepared), its photos in another. Four reads
    took ~1.1 ms of client CPU and ~0.7 ms of PostgreSQL's per page."""
    from django.db.models.sql import Query

    from sentra.catalog.models import Product, ProductPhoto
    from sentra.regions.models import District

    fields = Product._meta.concrete_fields
    params: list = []
    valid = rules.permit_valid_sql(timezone.localdate(), params)
    params.append(pk)
    sql = (
        f"SELECT {', '.join(f'p.{_q(f.column)}' for f in fields)}, "
        # only what the page shows of the business: no address or other registry fields on a public read
        "b.name, b.phone, b.phone_public, b.district_id, d.name, "
        f"(SELECT {_kinds_agg()} FROM registry_permit r WHERE r.business_id = b.id AND {valid}) "
        "FROM catalog_product p JOIN registry_business b ON b.id = p.business_id "
        "LEFT JOIN regions_district d ON d.code = b.district_id "
        # the public-product rule with the business joined (one read by key): published, business active
        f"WHERE p.id = %s AND {rules.PUBLISHED_SQL} AND {rules.business_active_sql(params)}"
    )
    rows = _fetch_prepared(sql, params) if connection.vendor == "postgresql" else _fetch(sql, params)
    if not rows:
        return None
    # The converters Django's own reads apply (SQLite: booleans from 0/1, datetimes from text, made
    # aware), as Product.objects.raw() would; raw() runs through Django's cursor, which never prepares.
    compiler = Query(Product).get_compiler(connection=connection)
    converters = compiler.get_converters([f.get_col(Product._meta.db_table) for f in fields])
    row = next(iter(compiler.apply_converters(rows, converters))) if converters else rows[0]
    product = Product.from_db(connection.alias, [f.attname for f in fields], row[: len(fields)])
    name, phone, phone_public, district_id, district_name, kinds = row[len(fields) :]
    shown = {
        "id": product.business_id,
        "name": name,
        "phone": phone,
        "phone_public": bool(phone_public),
        "district_id": district_id,
    }
    # from_db takes the values in the model's field order; the other fields stay deferred
    names = [f.attname for f in Business._meta.concrete_fields if f.attname in shown]
    business = Business.from_db(connection.alias, names, [shown[attname] for attname in names])
    if district_id:
        business.district = District(code=district_id, name=district_name or "")
    product.business = business
    photos = list(
        ProductPhoto.objects.raw(
            f"SELECT * FROM catalog_productphoto WHERE product_id = %s ORDER BY {_q('order')}, id", [pk]
        )
    )
    return product, photos, set(kinds.split(",")) if kinds else set()


def featured_cards(limit: int = 8) -> list[Card]:
    return _public_cards("p.is_featured", [], limit)


# --- small, rarely changing lists: kept per process for a short while ------------------------------

_REGION_TTL = 300.0
_regions: dict = {}


def _remember(key, load):
    hit = _regions.get(key)
    now = time.monotonic()
    if hit is None or now - hit[0] > _REGION_TTL:
        hit = (now, load())
        _regions[key] = hit
    return hit[1]


def home_districts() -> list[tuple[str, str]]:
    """[(code, name)] of the home regency's kecamatan, by name (kept 5 minutes per process:
    kecamatan change with a regions load, not with catalog edits)."""
    from sentra.regions.selectors import districts_of_home_regency

    code = home.regency_code()
    return _remember(("districts", code), lambda: list(districts_of_home_regency().values_list("code", "name")))


def home_regency_cached():
    from sentra.regions.selectors import home_regency

    return _remember(("regency", home.regency_code()), home_regency)


def forget_regions() -> None:
    """After setup_regency: the remembered kecamatan list and regency belong to the previous installation."""
    _regions.clear()
