"""Possible duplicates inside the registry: the same business name in the same desa (or kecamatan when
the desa is unknown), and near-identical names in the same kecamatan (rapidfuzz)."""

import re
from collections import defaultdict

from rapidfuzz import fuzz, process

_NAME_NOISE = re.compile(r"[^a-z0-9 ]")
_NAME_PREFIX = re.compile(r"^(ud|cv|pt|ikm|ukm|umkm|usaha|home industri|home industry|toko|kelompok)\s+")


def name_key(name: str) -> str:
    """Business names compared loosely: case, punctuation, 'UD'/'CV'/'IKM' prefixes ignored."""
    key = _NAME_NOISE.sub(" ", name.lower())
    key = _NAME_PREFIX.sub("", key.strip())
    return "".join(key.split())


NEAR_SCORE = 90
MAX_PAIRS = 200


def duplicate_pairs(queryset, limit: int = MAX_PAIRS) -> list[dict]:
    rows = list(queryset.values_list("id", "name", "district_id", "village_id"))
    by_district = defaultdict(list)
    for pk, name, district, village in rows:
        by_district[district].append((pk, name, village, name_key(name)))
    pairs = []
    for items in by_district.values():
        keys = [i[3] for i in items]
        if len(items) < 2:
            continue
        for a in range(len(items) - 1):
            for _, score, offset in process.extract(
                keys[a], keys[a + 1 :], scorer=fuzz.ratio, score_cutoff=NEAR_SCORE, limit=None
            ):
                first, second = items[a], items[a + 1 + offset]
                exact = first[3] == second[3]
                if exact and first[2] and second[2] and first[2] != second[2]:
                    continue  # the same name in two different desa: two businesses
                low, high = sorted((first[0], second[0]))
                pairs.append(
                    {"a": low, "b": high, "score": int(score), "reason": "nama sama" if exact else "nama mirip"}
                )
                if len(pairs) >= limit:
                    return pairs
    pairs.sort(key=lambda p: -p["score"])
    return pairs
