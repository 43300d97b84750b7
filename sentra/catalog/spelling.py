"""Spelling variants of the catalog's words: each group is one word spelt the ways sellers and buyers
write it. A search for any spelling finds the others (search.query_terms adds them to a word's
alternatives), on both read paths — the SQL of public_read and the ORM of selectors — since both take
their words from query_terms. Add a group here, nowhere else; spellings are lower-case, accent-free.

Only true spelling variants of one word belong here (kripik/keripik), not synonyms (kerupuk/kerupuk
udang) or translations (the English names are indexed already)."""

VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("keripik", "kripik"),
    ("kerupuk", "krupuk"),
    ("sambal", "sambel"),
    ("tempe", "tempeh"),
    ("rempeyek", "peyek"),
    ("rengginang", "renginang"),
    ("getuk", "gethuk"),
    ("terasi", "trasi"),
    ("melinjo", "mlinjo"),
    ("sirup", "sirop"),
    ("kue", "kueh"),
)

_OTHERS: dict[str, tuple[str, ...]] = {
    spelling: tuple(other for other in group if other != spelling) for group in VARIANT_GROUPS for spelling in group
}


def variants(word: str) -> tuple[str, ...]:
    """The other spellings of `word` (lower-case, accent-free), none when it has no variant."""
    return _OTHERS.get(word, ())
