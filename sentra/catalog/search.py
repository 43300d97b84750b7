"""One search function for the catalog, on SQLite (FTS5) and PostgreSQL (full-text).

Both read `Product.search_text`: the lower-cased, accent-free words of the product's names
and descriptions in Indonesian and English, its category, business and kecamatan. Each
query word matches as a prefix; a word that is not the beginning of any indexed word is
corrected against the vocabulary of indexed words (`SearchTerm`) within an edit distance
(OSA: Levenshtein plus swapped neighbours) of 1 for words of 4–6 letters and 2 for longer
ones, which forgives a small typo in either language. A word with spelling variants (spelling.py:
kripik/keripik, krupuk/kerupuk, …) matches every spelling of it.

`suggestion()` is the "did you mean" of the listing: the query with each word that begins no indexed
word replaced by the nearest one, a little more tolerant than the correction the search applies."""

import bisect
import re
import time
import unicodedata

from django.db import connection
from django.db.models import QuerySet
from rapidfuzz import process
from rapidfuzz.distance import OSA

from sentra.catalog.spelling import variants

WORD_RE = re.compile(r"[a-z0-9]+")
MIN_WORD = 2
MAX_QUERY_WORDS = 8
VOCABULARY_TTL = 60  # seconds a process keeps the vocabulary before reloading it

_vocabulary: dict = {"words": None, "loaded": 0.0}


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def words(text: str) -> list[str]:
    return WORD_RE.findall(normalize(text))


def build_search_text(*parts: str) -> str:
    seen, out = set(), []
    for part in parts:
        for w in words(part):
            if w not in seen:
                seen.add(w)
                out.append(w)
    return " ".join(out)


def vocabulary_add(text: str) -> None:
    from sentra.catalog.models import SearchTerm

    new = {w for w in text.split() if len(w) >= 3 and len(w) <= 60}
    if new:
        SearchTerm.objects.bulk_create([SearchTerm(word=w) for w in sorted(new)], ignore_conflicts=True)
    clear_vocabulary_cache()


def clear_vocabulary_cache() -> None:
    _vocabulary["loaded"] = 0.0


class Vocabulary(list):
    """The indexed words, sorted, and for typo correction the words of each range of lengths: an
    edit distance is never smaller than the difference in length, so a word of 6 letters is only
    compared with words of 5 to 7 (a vocabulary of 10,000 words: ~0.7 → ~0.25 ms per misspelt word)."""

    def __init__(self, words):
        super().__init__(sorted(words))
        self._by_length: dict[int, list[str]] = {}
        for w in self:
            self._by_length.setdefault(len(w), []).append(w)
        self._windows: dict[tuple[int, int], list[str]] = {}

    def within_length(self, length: int, distance: int) -> list[str]:
        """The words whose length differs from `length` by at most `distance`."""
        key = (length, distance)
        if key not in self._windows:
            lengths = range(length - distance, length + distance + 1)
            self._windows[key] = [w for n in lengths for w in self._by_length.get(n, ())]
        return self._windows[key]


def vocabulary() -> Vocabulary:
    from sentra.catalog.models import SearchTerm

    if time.monotonic() - _vocabulary["loaded"] > VOCABULARY_TTL:
        _vocabulary["words"] = Vocabulary(SearchTerm.objects.values_list("word", flat=True))
        _vocabulary["loaded"] = time.monotonic()
    return _vocabulary["words"]


def _is_prefix(word: str, vocab: list[str]) -> bool:
    i = bisect.bisect_left(vocab, word)
    return i < len(vocab) and vocab[i].startswith(word)


def alternatives(word: str, vocab: Vocabulary) -> list[str]:
    """What one query word may match: itself as a prefix, or its near spellings (the 5 nearest;
    of equal distance, the first in alphabetical order)."""
    if _is_prefix(word, vocab):
        return [word]
    if len(word) < 4:
        return []  # too short to correct: dropped, like a word that matches nothing
    max_distance = 1 if len(word) <= 6 else 2
    candidates = vocab.within_length(len(word), max_distance)
    found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=max_distance, limit=None)
    return [w for w, _score, _i in sorted(found, key=lambda f: (f[1], f[0]))[:5]]


# A prefix that begins more vocabulary words than this stays a prefix (`word:*`) in PostgreSQL's
# query instead of being spelt out: still exact, only read differently by the index.
MAX_PREFIX_WORDS = 64


def _prefixed(prefix: str, vocab: list[str]) -> list[str] | None:
    """The vocabulary words that begin with `prefix`, or None when there are more than MAX_PREFIX_WORDS."""
    i = bisect.bisect_left(vocab, prefix)
    j = bisect.bisect_left(vocab, prefix + "\uffff", i)
    return vocab[i:j] if j - i <= MAX_PREFIX_WORDS else None


def pg_tsquery(terms: list[list[str]]) -> str:
    """PostgreSQL tsquery text of query_terms(): every word (each of its alternatives a prefix) must
    match. The prefixes are spelt out as the indexed words they begin (the vocabulary), so that
    the GIN index looks up exact entries — a prefix entry (`kopi:*`) makes it read and merge the
    whole posting list of every word it begins (100,000 products: 3.8 ms for three words that never
    meet, 0.4 ms as exact entries, which let it skip). Same matches: the vocabulary
    holds every indexed word of 3 to 60 letters (vocabulary_add, with every product save), and the
    alternative itself is kept as an exact word too (the 2-letter words the vocabulary leaves out).
    Like typo correction, it sees the vocabulary as loaded by this process (VOCABULARY_TTL): a word
    first saved in another process is found by a prefix of it within a minute. An indexed "word"
    longer than 60 letters is not in the vocabulary, so a prefix no longer reaches it."""
    vocab = vocabulary()
    groups = []
    for alts in terms:
        lexemes: dict[str, None] = {}
        for a in alts:
            found = _prefixed(a, vocab)
            if found is None:
                lexemes[f"{a}:*"] = None
                continue
            lexemes[a] = None
            lexemes.update(dict.fromkeys(found))
        groups.append("(" + " | ".join(lexemes) + ")")
    return " & ".join(groups)


def query_terms(query: str) -> list[list[str]]:
    """[[alternatives of word 1], …]; words that match nothing at all are left out. The alternatives of a
    word are itself (as a prefix) or its near spellings, and the spelling variants of these and of the
    word as typed (spelling.py)."""
    vocab = vocabulary()
    terms = []
    for w in words(query)[:MAX_QUERY_WORDS]:
        if len(w) < MIN_WORD:
            continue
        alts = alternatives(w, vocab)
        spelt = [v for a in (w, *alts) for v in variants(a)]
        alts = list(dict.fromkeys([*alts, *spelt]))
        if alts:
            terms.append(alts)
    return terms


def _suggestion_distance(word: str) -> int:
    return 1 if len(word) <= 4 else 2 if len(word) <= 7 else 3


def suggestion(query: str) -> str | None:
    """The query with each word that begins no indexed word (nor has a spelling variant that does)
    replaced by the nearest indexed word, or None when no word needs it or none is near enough."""
    vocab = vocabulary()
    out, changed = [], False
    for w in words(query)[:MAX_QUERY_WORDS]:
        if len(w) < 3 or _is_prefix(w, vocab) or any(_is_prefix(v, vocab) for v in variants(w)):
            out.append(w)
            continue
        distance = _suggestion_distance(w)
        found = process.extract(
            w, vocab.within_length(len(w), distance), scorer=OSA.distance, score_cutoff=distance, limit=None
        )
        if not found:
            out.append(w)
            continue
        best = sorted(found, key=lambda f: (f[1], f[0]))[0][0]
        out.append(best)
        changed = True
    return " ".join(out) if changed else None


def search_products(qs: QuerySet, query: str) -> QuerySet:
    """Products of `qs` matching every word of `query` (in either language, a small typo forgiven),
    newest first."""
    terms = query_terms(query)
    if not terms:
        return qs.none()
    if connection.vendor == "postgresql":
        # search_vector: to_tsvector('simple', search_text), stored (migration 0004)
        return qs.extra(  # noqa: S610 — the expression holds only [a-z0-9] words
            where=["catalog_product.search_vector @@ to_tsquery('simple', %s)"], params=[pg_tsquery(terms)]
        ).order_by("-id")
    expr = " AND ".join("(" + " OR ".join(f"{a}*" for a in alts) + ")" for alts in terms)
    # Joined (not "id IN (subquery)") and ordered by the index's own rowid, newest first, so that
    # SQLite walks the full-text index and stops after one page instead of sorting every match
    # (100,000 products: ~20 ms instead of ~400 ms for a word in a quarter of them).
    return qs.extra(  # noqa: S610 — the expression holds only [a-z0-9] words
        tables=["catalog_product_fts"],
        where=["catalog_product_fts.rowid = catalog_product.id", "catalog_product_fts MATCH %s"],
        params=[expr],
        order_by=["-catalog_product_fts.rowid"],
    )
