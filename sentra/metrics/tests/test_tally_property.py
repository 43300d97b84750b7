"""Property: after any sequence of inserts, edits, status changes, moves, permit changes and deletes — through
the ORM, bulk_create, queryset.update/delete and raw SQL alike — the trigger-kept tally equals the base-table
truth, and so do the figures served from the figures cache.

Checked after *every* operation, on every tally row (a row whose IKM count fell to 0 must have all its other
counts at 0 too, or the next IKM of that cell inherits them), at all three levels and per month; and the
figures (regency and national, several filters) read through the cache keyed by the figures version equal
the figures computed from the base tables, so a write the version triggers miss shows up as a stale figure."""

import datetime as dt
from collections import defaultdict

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentra.metrics.cells import Cell, MonthCell, base_cells, base_months, cells_for_regency
from sentra.metrics.figures import (
    Filters,
    compute,
    district_areas,
    national_statistics,
    regency_statistics,
    registration_since,
)
from sentra.metrics.figures_cache import figures_version
from sentra.metrics.models import DIMENSIONS, MEASURES, MonthTally, Tally
from sentra.metrics.services import tallies_rebuild
from sentra.regions.models import District, Province
from sentra.registry.models import Business, Owner, Permit

DISTRICTS = ["35.22.01", "35.22.02", "35.22.10", "35.22.28"]
sectors = st.sampled_from(["food_beverage", "craft"])
statuses = st.sampled_from([c for c, _ in Business.Status.choices])
business_fields = st.fixed_dictionaries(
    {
        "district_id": st.sampled_from(DISTRICTS),
        "sector_id": sectors,
        "capital": st.sampled_from([None, 50_000_000, 2_000_000_000, 8_000_000_000]),
        "market_reach": st.sampled_from([c for c, _ in Business.MarketReach.choices]),
        "status": statuses,
        "workers_male": st.integers(0, 20),
        "workers_female": st.integers(0, 20),
        "monthly_capacity": st.sampled_from([None, 0, 500]),
        "registered_on": st.dates(dt.date(2023, 1, 1), dt.date(2025, 12, 31)),
    }
)
# Small indexes (taken modulo the rows there are): the same business and permit are hit again and again.
index = st.integers(0, 7)
permit_kinds = st.sampled_from(["nib", "pirt", "halal", "bpom_md", "hki", "sni", "other"])
ops = st.lists(
    st.one_of(
        st.tuples(st.just("create"), business_fields),
        st.tuples(st.just("bulk_create"), st.lists(business_fields, min_size=1, max_size=3)),
        st.tuples(st.just("edit"), index, business_fields),
        st.tuples(st.just("status"), index, statuses),
        st.tuples(st.just("status_many"), st.lists(index, min_size=1, max_size=4), statuses),
        st.tuples(st.just("move"), index, st.sampled_from(DISTRICTS), sectors),
        st.tuples(st.just("raw_update"), st.lists(index, min_size=1, max_size=4), statuses, st.integers(0, 9)),
        st.tuples(st.just("permit_add"), index, permit_kinds),
        st.tuples(st.just("permit_bulk_add"), st.lists(st.tuples(index, permit_kinds), min_size=1, max_size=4)),
        st.tuples(st.just("permit_twice"), index, permit_kinds),  # a second permit of a kind counts once
        st.tuples(st.just("permit_delete"), index),
        st.tuples(st.just("permit_delete_kind"), index, permit_kinds),
        st.tuples(st.just("permit_move"), index, index, st.sampled_from(["halal", "hki", "pirt"])),
        st.tuples(st.just("delete"), index),
        st.tuples(st.just("delete_many"), st.lists(index, min_size=1, max_size=3)),
    ),
    min_size=3,
    max_size=25,
)


def _pick(rows, i):
    return rows[i % len(rows)]


def _add_permits(pairs, businesses, counter):
    """Permits for (business index, kind) pairs; at most one NIB per business (a model constraint)."""
    permits, nib = [], set(Permit.objects.filter(kind="nib").values_list("business_id", flat=True))
    for i, kind in pairs:
        b = _pick(businesses, i)
        if kind == "nib":
            if b.pk in nib:
                continue
            nib.add(b.pk)
        counter["n"] += 1
        permits.append(Permit(business=b, kind=kind, number=f"{counter['n']:013d}"))
    return permits


def _apply(op, owner, counter):
    businesses = list(Business.objects.order_by("id"))
    permits = list(Permit.objects.order_by("id"))
    kind = op[0]
    if kind == "create":
        Business.objects.create(name="x", owner=owner, **op[1])
    elif kind == "bulk_create":
        Business.objects.bulk_create([Business(name="x", owner=owner, scale="mikro", **f) for f in op[1]])
    elif not businesses:
        return
    elif kind == "edit":
        b = _pick(businesses, op[1])
        for name, value in op[2].items():
            setattr(b, name, value)
        b.save()
    elif kind == "status":
        Business.objects.filter(pk=_pick(businesses, op[1]).pk).update(status=op[2])
    elif kind == "status_many":  # one UPDATE statement over several rows
        Business.objects.filter(pk__in=[_pick(businesses, i).pk for i in op[1]]).update(status=op[2])
    elif kind == "move":
        Business.objects.filter(pk=_pick(businesses, op[1]).pk).update(district_id=op[2], sector_id=op[3])
    elif kind == "raw_update":  # SQL that no Django code path would run: the triggers still see it
        ids = ", ".join(str(_pick(businesses, i).pk) for i in op[1])
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE registry_business SET status = %s, workers_female = workers_female + %s WHERE id IN ({ids})",
                [op[2], op[3]],
            )
    elif kind == "permit_add":
        Permit.objects.bulk_create(_add_permits([(op[1], op[2])], businesses, counter))
    elif kind == "permit_bulk_add":
        Permit.objects.bulk_create(_add_permits(op[1], businesses, counter))
    elif kind == "permit_twice":
        for _ in range(2):
            Permit.objects.bulk_create(_add_permits([(op[1], op[2])], businesses, counter))
    elif kind == "permit_delete" and permits:
        _pick(permits, op[1]).delete()
    elif kind == "permit_delete_kind":  # one DELETE statement, possibly several permits of one business
        Permit.objects.filter(business=_pick(businesses, op[1]), kind=op[2]).delete()
    elif kind == "permit_move" and permits:
        p = _pick(permits, op[1])
        if p.kind == "nib":
            return
        Permit.objects.filter(pk=p.pk).update(business=_pick(businesses, op[2]), kind=op[3])
    elif kind == "delete":
        _pick(businesses, op[1]).delete()
    elif kind == "delete_many":
        Business.objects.filter(pk__in=[_pick(businesses, i).pk for i in op[1]]).delete()


def _tally_rows(level):
    """Every tally row of the level that is not all zeros — including rows whose IKM count is 0."""
    rows = Tally.objects.filter(level=level).values_list("area", *DIMENSIONS, *MEASURES)
    return {tuple(r[:5]): list(r[5:]) for r in rows if any(r[5:])}


def _month_rows(level):
    rows = MonthTally.objects.filter(level=level).values_list("area", *DIMENSIONS, "month", "n")
    return {tuple(r[:6]): r[6] for r in rows if r[6]}


def _sum_up(cells, area_of):
    out = defaultdict(lambda: [0] * len(MEASURES))
    for c in cells:
        key = (area_of(c[0]), *c[1:5])
        out[key] = [a + b for a, b in zip(out[key], c[5:])]
    return dict(out)


def _assert_tally_is_truth():
    truth = base_cells("35.22")
    regency_of = dict(District.objects.values_list("code", "regency_id"))
    assert all(v >= 0 for row in Tally.objects.values_list(*MEASURES) for v in row)
    assert _tally_rows("d") == {tuple(c[:5]): list(c[5:]) for c in truth}
    regency = _sum_up(truth, regency_of.get)
    assert _tally_rows("r") == regency
    assert _tally_rows("p") == _sum_up(truth, lambda d: regency_of[d].split(".")[0])
    months = defaultdict(int)
    for m in base_months("35.22"):
        months[("35.22", *m[:5])] += m.n
    assert _month_rows("r") == dict(months)
    assert _month_rows("n") == {("", *k[1:]): n for k, n in months.items()}
    return truth


FILTERS = [Filters(), Filters(status="closed"), Filters(sector="craft", market_reach="export"), Filters(scale="")]


def _assert_cached_figures_are_truth(truth):
    """The figures as served (through the cache keyed by the figures version) equal those of the base table."""
    since = registration_since()
    months = [m for m in base_months("35.22") if m.month >= since]
    province = [Cell("35", *k[1:], *v) for k, v in _sum_up(truth, lambda d: "35").items()]
    nation_months = [MonthCell(*m) for m in months]
    provinces = list(Province.objects.order_by("code").values_list("code", "name"))
    for filters in FILTERS:
        expected = {"regency": "35.22", **compute(truth, areas=district_areas("35.22"), filters=filters, months=months)}
        assert regency_statistics(filters=filters) == expected
        national = compute(province, areas=provinces, filters=filters, months=nation_months)
        assert national_statistics(filters) == {"regency": None, **national}


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(initial=st.lists(business_fields, min_size=1, max_size=4), ops=ops)
def test_tally_and_cached_figures_equal_base_table_truth_after_every_write(reference_data, initial, ops):
    try:
        with transaction.atomic():
            assert figures_version() is not None  # the cache is in use
            owner = Owner.objects.create(name="Pemilik Uji")
            counter = {"n": 0}
            for fields in initial:
                _apply(("create", fields), owner, counter)
            _assert_cached_figures_are_truth(_assert_tally_is_truth())
            for op in ops:
                _apply(op, owner, counter)
                _assert_cached_figures_are_truth(_assert_tally_is_truth())
            raise _Rollback
    except _Rollback:
        pass


class _Rollback(Exception):
    pass


def _nonzero(cells):
    return sorted(c for c in cells if c.n)


def test_rebuild_recounts_what_bypassed_the_triggers(reference_data):
    owner = Owner.objects.create(name="Pemilik Uji")
    Business.objects.create(name="a", owner=owner, district_id="35.22.01", sector_id="craft")
    Tally.objects.all().delete()  # drift on purpose (no trigger gives the figures version a new token)
    assert cells_for_regency("35.22") == []
    caches["default"].clear()
    assert regency_statistics()["total"] == 0  # the drifted figures, now cached
    tallies_rebuild()
    assert _nonzero(cells_for_regency("35.22")) == _nonzero(base_cells("35.22"))
    # the rebuild gave the figures version a new token: the figures cached before it are not served
    assert regency_statistics()["total"] == 1
    Business.objects.create(name="b", owner=owner, district_id="35.22.01", sector_id="craft")
    assert regency_statistics()["total"] == 2
    assert District.objects.filter(code="35.22.01").exists()


def test_second_permit_of_a_kind_counts_once_and_the_last_one_removed_uncounts(reference_data):
    owner = Owner.objects.create(name="Pemilik Uji")
    b = Business.objects.create(name="a", owner=owner, district_id="35.22.01", sector_id="craft")
    first = Permit.objects.create(business=b, kind="pirt", number="1")
    Permit.objects.create(business=b, kind="pirt", number="2")
    assert cells_for_regency("35.22")[0].n_pirt == 1
    first.delete()
    assert cells_for_regency("35.22")[0].n_pirt == 1
    Permit.objects.filter(business=b).update(kind="halal")
    cell = cells_for_regency("35.22")[0]
    assert (cell.n_pirt, cell.n_halal) == (0, 1)
    Permit.objects.all().delete()
    assert _nonzero(cells_for_regency("35.22")) == _nonzero(base_cells("35.22"))
