"""Reads for uniform orders and who may see what (row-level access)."""

from collections import defaultdict

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, Sum
from django.http import Http404

from sentra.orders.models import (
    Allocation,
    Assignment,
    Capacity,
    Delivery,
    Garment,
    NeedLine,
    Office,
    Payment,
    Round,
    RoundProducer,
)

# --- access ---------------------------------------------------------------------------------------------


def office_for_user(user, pk) -> Office:
    """The office if the user is one of its buyers (or office staff); 404 otherwise."""
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_office:
        qs = Office.objects.all()
    elif user.role == user.Role.BUYER:
        qs = Office.objects.filter(users=user)
    else:
        raise PermissionDenied("Halaman ini untuk instansi pemesan.")
    office = qs.filter(pk=pk).first()
    if office is None:
        raise Http404("Instansi tidak ditemukan.")
    return office


def producer_for_user(user, pk) -> RoundProducer:
    """A round producer for office staff or the business's owner; 404 for anyone else's."""
    if not user.is_authenticated:
        raise PermissionDenied
    qs = RoundProducer.objects.select_related("round", "business", "business__district", "business__owner")
    if user.is_office:
        pass
    elif user.role == user.Role.OWNER:
        qs = qs.filter(business__owner__user=user)
    else:
        raise PermissionDenied("Halaman ini untuk produsen dan staf.")
    producer = qs.filter(pk=pk).first()
    if producer is None:
        raise Http404("Produsen tidak ditemukan.")
    return producer


def rounds_for_owner(user):
    return (
        RoundProducer.objects.filter(business__owner__user=user)
        .select_related("round", "business")
        .order_by("-round__declare_opens", "business__name")
    )


# --- figures --------------------------------------------------------------------------------------------


def gini(values) -> float:
    """Gini coefficient of non-negative values (0 = all equal)."""
    xs = sorted(v for v in values if v is not None)
    n = len(xs)
    total = sum(xs)
    if n == 0 or total == 0:
        return 0.0
    cum = sum((i + 1) * x for i, x in enumerate(xs))
    return (2 * cum) / (n * total) - (n + 1) / n


SUMMARY_SECONDS = 3600


def _versioned(name: str, rnd: Round, compute):
    """compute(rnd) kept in the cache under the round's version, which every change to the round's data
    renews (services._bump): what is shown is always computed from the current data."""
    key = f"orders:{name}:{rnd.pk}:{rnd.version}:{rnd.created_at.timestamp() if rnd.created_at else 0}"
    value = cache.get(key)
    if value is None:
        value = compute(rnd)
        cache.set(key, value, SUMMARY_SECONDS)
    return value


def round_summary_cached(rnd: Round) -> dict:
    return _versioned("summary", rnd, round_summary)


def allocation_table_cached(rnd: Round):
    return _versioned("table", rnd, allocation_table)


def round_summary(rnd: Round) -> dict:
    """Demand vs capacity per garment, totals, fairness and delivery figures — aggregate queries only, each
    table read once (the staff dashboard recomputes these after every write)."""
    garments = list(rnd.garments.all())
    demand, money_demand, paid_persons, offices = {}, 0, 0, set()
    for gid, office_id, qty, money, paid in (
        NeedLine.objects.filter(round=rnd)
        .order_by()
        .values_list("garment_id", "office_id")
        .annotate(q=Sum("quantity"), m=Sum(F("quantity") * F("unit_price")), p=Sum("paid_amount"))
    ):
        demand[gid] = demand.get(gid, 0) + qty
        money_demand += money or 0
        paid_persons += paid or 0
        offices.add(office_id)
    producers = list(
        RoundProducer.objects.filter(round=rnd)
        .order_by()
        .values_list("pk", "eligible", "response", "business__district_id", "business__district__name")
    )
    capacity, per_producer_cap = {}, {}
    for gid, total, count in (
        Capacity.objects.filter(producer__round=rnd, producer__eligible=True)
        .exclude(producer__response=RoundProducer.Response.DECLINED)
        .order_by()
        .values_list("garment_id")
        .annotate(s=Sum("pieces"), c=Count("producer"))
    ):
        capacity[gid], per_producer_cap[gid] = total, count
    allocated = dict(
        Allocation.objects.filter(round=rnd).order_by().values_list("garment_id").annotate(s=Sum("pieces"))
    )
    rows = []
    for g in garments:
        d, c, a = demand.get(g.pk, 0), capacity.get(g.pk, 0), allocated.get(g.pk, 0)
        short = max(0, d - c)
        avg = (c / per_producer_cap[g.pk]) if per_producer_cap.get(g.pk) else 0
        rows.append(
            {
                "garment": g,
                "demand": d,
                "capacity": c,
                "allocated": a,
                "shortfall": short,
                "more_producers": (int(-(-short // avg)) if short and avg else 0),
            }
        )
    money_by, pieces_by, pairs = {}, {}, 0
    for pid, _office_id, m, n in (
        Assignment.objects.filter(round=rnd)
        .order_by()
        .values_list("producer_id", "office_id")
        .annotate(m=Sum(F("pieces") * F("unit_price")), n=Sum("pieces"))
    ):
        money_by[pid] = money_by.get(pid, 0) + m
        pieces_by[pid] = pieces_by.get(pid, 0) + n
        pairs += 1  # office × producer pairs
    total_money = sum(money_by.values())
    total_pieces = sum(pieces_by.values())
    cap_by, with_allocation = {}, set()
    flags = defaultdict(lambda: [False, False])
    for pid, boosts, cap, pieces in (
        Allocation.objects.filter(round=rnd).order_by().values_list("producer_id", "boosts", "capacity", "pieces")
    ):
        cap_by[pid] = cap_by.get(pid, 0) + cap
        if pieces > 0:
            with_allocation.add(pid)
        flags[pid][0] |= "PKW" in boosts
        flags[pid][1] |= "pertama" in boosts
    pkw = [p for p, f in flags.items() if f[0]]
    first = [p for p, f in flags.items() if f[1]]

    def share(ids, table, total):
        return 100.0 * sum(table.get(i, 0) for i in ids) / total if total else 0.0

    # Money per unit of capacity, over producers with capacity: 0 = money exactly in proportion to capacity.
    ratios = [money_by.get(pid, 0) / cap for pid, cap in cap_by.items() if cap]
    # Per kecamatan, from the per-producer sums above and each producer's kecamatan (no second join).
    place = {p[0]: (p[3], p[4]) for p in producers}
    by_district = {}
    for pid, n in pieces_by.items():
        code, name = place[pid]
        d = by_district.setdefault(code, {"code": code, "name": name, "pieces": 0, "money": 0, "producers": 0})
        d["pieces"] += n
        d["money"] += money_by[pid]
        d["producers"] += 1
    districts = [by_district[code] for code in sorted(by_district)]
    for d in districts:
        d["money_pct"] = 100.0 * d["money"] / total_money if total_money else 0.0
    qc = Delivery.objects.filter(round=rnd).aggregate(
        n_pieces=Sum("pieces"),
        n_rejected=Sum("rejected"),
        n_accepted=Sum("accepted"),
        n_on_time=Sum("accepted", filter=Q(delivered_on__lte=rnd.delivery_deadline)),
    )
    delivered = {"pieces": qc["n_pieces"], "rejected": qc["n_rejected"], "accepted": qc["n_accepted"]}
    on_time = qc["n_on_time"] or 0
    paid = Payment.objects.filter(round=rnd, paid_on__isnull=False).aggregate(s=Sum("amount"))["s"] or 0
    responses = defaultdict(int)
    for p in producers:
        if p[0] in with_allocation:
            responses[p[2]] += 1
    return {
        "garments": rows,
        "demand_total": sum(demand.values()),
        "money_demand": money_demand,
        "capacity_total": sum(capacity.values()),
        "allocated_total": sum(allocated.values()),
        "shortfall_total": sum(r["shortfall"] for r in rows),
        "assigned_pieces": total_pieces,
        "assigned_money": total_money,
        "producers_with_pieces": sum(1 for v in pieces_by.values() if v),
        "producers_eligible": sum(1 for p in producers if p[1]),
        "offices": len(offices),
        "pairs": pairs,
        "pkw_pieces_pct": share(pkw, pieces_by, total_pieces),
        "pkw_money_pct": share(pkw, money_by, total_money),
        "first_pieces_pct": share(first, pieces_by, total_pieces),
        "first_money_pct": share(first, money_by, total_money),
        "gini_money_per_capacity": gini(ratios),
        "gini_money": gini([money_by.get(pid, 0) for pid in cap_by]),
        "districts": districts,
        "delivered": delivered["pieces"] or 0,
        "rejected": delivered["rejected"] or 0,
        "accepted": delivered["accepted"] or 0,
        "rejection_rate": 100.0 * (delivered["rejected"] or 0) / delivered["pieces"] if delivered["pieces"] else 0.0,
        "on_time_pct": 100.0 * on_time / (delivered["accepted"] or 0) if delivered["accepted"] else 0.0,
        "paid": paid + paid_persons,
        "responses": dict(responses),
    }


def allocation_table(rnd: Round, limit=30):
    """Producers with their pieces per garment, biggest first (the first `limit`; all are in the Excel export).
    Plain values, no model instances: the dashboard renders it on every visit."""
    garments = list(rnd.garments.all())
    totals = list(
        Allocation.objects.filter(round=rnd, pieces__gt=0)
        .order_by()
        .values("producer_id")
        .annotate(n=Sum("pieces"))
        .order_by("-n", "producer_id")[:limit]
    )
    ids = [t["producer_id"] for t in totals]
    info = {
        r["pk"]: r
        for r in RoundProducer.objects.filter(pk__in=ids).values(
            "pk", "business__name", "business__district__name", "response"
        )
    }
    responses = dict(RoundProducer.Response.choices)
    cells = defaultdict(dict)
    for pid, gid, pieces, cap in Allocation.objects.filter(round=rnd, producer_id__in=ids).values_list(
        "producer_id", "garment_id", "pieces", "capacity"
    ):
        cells[pid][gid] = (pieces, cap)
    return garments, [
        {
            "pk": t["producer_id"],
            "name": info[t["producer_id"]]["business__name"],
            "district": info[t["producer_id"]]["business__district__name"],
            "response": responses.get(info[t["producer_id"]]["response"], ""),
            "total": t["n"],
            "cells": [cells[t["producer_id"]].get(g.pk) for g in garments],
        }
        for t in totals
    ]


def office_needs(rnd: Round, office: Office):
    lines = list(NeedLine.objects.filter(round=rnd, office=office).select_related("garment"))
    return lines, sum(ln.quantity for ln in lines), sum(ln.amount for ln in lines)


def office_assignments(rnd: Round, office: Office):
    return Assignment.objects.filter(round=rnd, office=office).select_related("producer__business", "garment")


def producer_assignments(producer: RoundProducer):
    return (
        Assignment.objects.filter(producer=producer)
        .select_related("office", "garment")
        .order_by("office__name", "garment__order", "technique", "size")
    )


def producer_explanation(producer: RoundProducer):
    """Per garment: pieces, capacity, weight, the divisor and weight/divisor — for the plain-language text."""
    out = []
    for a in Allocation.objects.filter(producer=producer).select_related("garment"):
        quota = (float(a.weight) / float(a.divisor)) if a.divisor else None
        out.append({"a": a, "quota": quota})
    return out


def public_rounds():
    """Rounds anyone may see (not drafts), newest first."""
    return Round.objects.exclude(status=Round.Status.DRAFT).order_by("-declare_opens", "title", "pk")


def public_round(rnd: Round):
    """What anyone may see: prices, producers and pieces per kecamatan, business names whose owners agreed.
    The public page and the public API both read it; it holds no personal data."""
    prices = list(Garment.objects.filter(round=rnd).prefetch_related("prices").order_by("order", "pk"))
    districts = list(
        Allocation.objects.filter(round=rnd, pieces__gt=0)
        .values("producer__business__district__code", "producer__business__district__name")
        .annotate(pieces=Sum("pieces"), producers=Count("producer", distinct=True))
        .order_by("producer__business__district__name")
    )
    named = list(
        Allocation.objects.filter(round=rnd, pieces__gt=0, producer__name_public=True)
        .values("producer__business__name", "producer__business__district__name")
        .annotate(pieces=Sum("pieces"))
        .order_by("producer__business__name")
    )
    unnamed = (
        Allocation.objects.filter(round=rnd, pieces__gt=0, producer__name_public=False)
        .values("producer_id")
        .distinct()
        .count()
    )
    return {"garments": prices, "districts": districts, "named": named, "unnamed": unnamed}


def allocation_lines_for_user(user, rnd: Round):
    """The round's assignment lines (office × producer × garment × technique × size) a user may see: office
    staff all of them, a buyer only its own offices' lines; anyone else none (PermissionDenied)."""
    qs = Assignment.objects.filter(round=rnd)
    if user.is_office:
        pass
    elif user.role == user.Role.BUYER:
        if rnd.status == Round.Status.DRAFT:
            raise Http404("Putaran tidak ditemukan.")
        qs = qs.filter(office__users=user)
    else:
        raise PermissionDenied("Pembagian hanya untuk staf Dekranasda dan instansi pemesan.")
    return qs.select_related("office", "producer__business__district", "garment").order_by(
        "office__name", "office_id", "garment__order", "garment_id", "technique", "size", "producer_id", "pk"
    )
