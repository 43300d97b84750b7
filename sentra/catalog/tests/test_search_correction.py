"""Typo correction compares a word only with vocabulary words of nearby length: the same
alternatives as comparing it with every word."""

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import OSA

from sentra.catalog.search import Vocabulary, alternatives

letters = st.text(alphabet="abkrst", min_size=3, max_size=9)


def _against_every_word(word: str, words: list[str]) -> list[str]:
    distance = 1 if len(word) <= 6 else 2
    found = process.extract(word, words, scorer=OSA.distance, score_cutoff=distance, limit=None)
    return [w for w, _s, _i in sorted(found, key=lambda f: (f[1], f[0]))[:5]]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(letters, min_size=1, max_size=80, unique=True),
    word=st.text(alphabet="abkrst", min_size=4, max_size=9),
)
def test_same_alternatives_as_comparing_with_every_word(words, word):
    vocab = Vocabulary(words)
    if any(w.startswith(word) for w in words):
        assert alternatives(word, vocab) == [word]
    else:
        assert alternatives(word, vocab) == _against_every_word(word, sorted(words))


def test_nearest_first_then_alphabetical_at_most_five():
    vocab = Vocabulary(["kursi", "kurasi", "kursus", "kerupuk", "kurma", "kurir", "kursa", "kursk", "kurso", "batik"])
    # "kursy": distance 1 from kursi, kursa, kursk, kurso; distance 2 words are beyond the cutoff for 5 letters
    assert alternatives("kursy", vocab) == ["kursa", "kursi", "kursk", "kurso"]
    assert alternatives("kurmi", vocab) == ["kurma", "kursi"]  # not kurir (distance 2)
    assert alternatives("zzzz", vocab) == []
    assert vocab.within_length(5, 1) == [
        "batik",
        "kurir",
        "kurma",
        "kursa",
        "kursi",
        "kursk",
        "kurso",
        "kurasi",
        "kursus",
    ]
