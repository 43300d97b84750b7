"""Reads of the hub: the roll-up of the members' latest datasets, freshness, refusals."""

import datetime as dt
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, Max

from sentra.federation import dataset as ds
from sentra.federation.models import Dataset, Member, Rejection

SUMMED = ("total", "with_nib", "exporters", "districts")
CACHE_SECONDS = 300


def _state(today: dt.date) -> str:
    """Changes whenever a dataset is accepted or a member added or changed (one query): what is cached
    for the hub is keyed by it, so it is never stale, and the quarter (freshness) is part of it."""
    state = Member.objects.aggregate(m=Max("id"), n=Count("id"), latest=Max("latest_id"), changed=Max("updated_at"))
    changed = state["changed"].timestamp() if state["changed"] else 0
    return f"{state['m']}:{state['n']}:{state['latest']}:{changed:.6f}:{ds.quarter_of(today)}"


def cached(parts: tuple, today: dt.date, build):
    """`build(rollup)` for the hub's current state, kept CACHE_SECONDS in the cache (never stale: see _state)."""
    province = parts[1] if len(parts) > 1 else ""
    key = ":".join(map(str, (*parts, _state(today))))
    hit = cache.get(key)
    if hit is None:
        hit = build(_rollup(province, today))
        cache.set(key, hit, CACHE_SECONDS)
    return hit


def rollup(province_code: str = "", today: dt.date | None = None) -> dict:
    """Sums of the members' latest accepted datasets (of one province, or all). A figure a regency withdrew
    (or never published) is not summed; `missing[figure]` counts the regencies without it."""
    today = today or dt.date.today()
    return cached(("hub-rollup", province_code), today, lambda data: data)


def _rollup(province_code: str, today: dt.date) -> dict:
    quarter = ds.quarter_of(today)
    members = Member.objects.order_by("regency_code")
    if province_code:
        members = members.filter(province_code=province_code)
    rows = list(
        members.values_list(
            "regency_code",
            "name",
            "province_code",
            "public_url",
            "latest__version",
            "latest__as_of",
            "latest__period",
            "latest__received_at",
            "latest__figures",
            "latest__withdrawn",
        )
    )
    sums = dict.fromkeys(SUMMED, 0)
    missing = dict.fromkeys(SUMMED + ds.BREAKDOWNS, 0)
    breakdowns: dict[str, dict[str, dict]] = {b: {} for b in ds.BREAKDOWNS}
    per_province: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # total, with_nib, regencies reporting
    regencies = []
    members_per_province: dict[str, int] = defaultdict(int)
    for code, name, prov, url, version, as_of, period, received, figures, withdrawn in rows:
        members_per_province[prov] += 1
        figures = figures or {}
        withdrawn_codes = sorted(w["figure"] for w in (withdrawn or []))
        for fig in SUMMED:
            value = figures.get(fig)
            if isinstance(value, int):
                sums[fig] += value
            else:
                missing[fig] += 1
        for b in ds.BREAKDOWNS:
            if not isinstance(figures.get(b), list):
                missing[b] += 1
                continue
            for item in figures[b]:
                slot = breakdowns[b].setdefault(
                    item["code"], {"code": item["code"], "label": item.get("label", item["code"]), "count": 0}
                )
                if isinstance(item.get("count"), int):
                    slot["count"] += item["count"]
        total = figures.get("total") if isinstance(figures.get("total"), int) else None
        nib = figures.get("with_nib") if isinstance(figures.get("with_nib"), int) else None
        if version is not None:
            p = per_province[prov]
            p[0] += total or 0
            p[1] += nib or 0
            p[2] += 1
        regencies.append(
            {
                "code": code,
                "name": name,
                "province_code": prov,
                "public_url": url,
                "version": version,
                "as_of": as_of,
                "period": period,
                "received_at": received,
                "total": total,
                "with_nib": nib,
                "withdrawn": withdrawn_codes,
                "fresh": period == quarter,
            }
        )
    return {
        "province_code": province_code,
        "quarter": quarter,
        "members": len(rows),
        "reporting": sum(1 for r in regencies if r["version"] is not None),
        "fresh": sum(1 for r in regencies if r["fresh"]),
        "stale": [r for r in regencies if not r["fresh"]],
        "sums": sums,
        "missing": missing,
        "nib_coverage": round(100 * sums["with_nib"] / sums["total"], 1) if sums["total"] else 0.0,
        "breakdowns": {b: sorted(v.values(), key=lambda s: -s["count"]) for b, v in breakdowns.items()},
        "regencies": regencies,
        "provinces": {code: {"total": t, "with_nib": n, "reporting": k} for code, (t, n, k) in per_province.items()},
        "members_per_province": dict(members_per_province),
    }


def history(regency_code: str) -> list[Dataset]:
    return list(
        Dataset.objects.filter(member__regency_code=regency_code)
        .order_by("-version")
        .only("version", "as_of", "period", "received_at", "channel", "withdrawn", "figures")
    )


def rejections(limit: int = 200):
    return Rejection.objects.select_related("member").order_by("-received_at", "-id")[:limit]
