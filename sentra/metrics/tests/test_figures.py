"""Each named figure on hand-made data."""

import datetime as dt

from sentra.metrics.figures import FIGURES, Filters, national_statistics, regency_statistics, registration_since
from sentra.registry.models import Permit


def _row(stats, key, code):
    return next(r for r in stats[key] if r["code"] == code)


def _make_set(make_business):
    today = dt.date.today()
    a = make_business(
        district="Dander",
        sector="food_beverage",
        nib="1234567890123",
        workers_male=2,
        workers_female=3,
        capital=50_000_000,
        market_reach="export",
        export_countries=["MY"],
        registered_on=today,
    )
    make_business(
        district="Dander",
        sector="craft",
        workers_female=1,
        capital=3_000_000_000,
        market_reach="national",
        registered_on=today,
    )
    make_business(
        district="Kapas",
        sector="food_beverage",
        nib="1234567890124",
        market_reach="local",
        registered_on=today.replace(day=1) - dt.timedelta(days=1),
    )
    make_business(district="Kapas", sector="craft", status="inactive", registered_on=dt.date(2016, 5, 1))
    make_business(district="Kapas", sector="craft", status="closed", nib="1234567890125", workers_male=9)
    Permit.objects.create(business=a, kind="halal", number="H-1")
    Permit.objects.create(business=a, kind="pirt", number="P-1")
    return a


def test_headline_figures_count_everything_but_closed(make_business):
    _make_set(make_business)
    s = regency_statistics()
    assert s["total"] == 4
    assert s["districts"] == 2 and s["districts_total"] == 28
    assert s["with_nib"] == 2
    assert s["nib_coverage"] == 50.0
    assert _row(s, "by_sector", "food_beverage")["count"] == 2
    assert _row(s, "by_sector", "craft")["count"] == 2
    dander = next(r for r in s["by_district"] if r["name"] == "Dander")
    assert (dander["count"], dander["with_nib"], dander["nib_coverage"]) == (2, 1, 50.0)


def test_scale_market_exporters_permits_workers(make_business):
    _make_set(make_business)
    s = regency_statistics()
    assert _row(s, "by_scale", "mikro")["count"] == 1
    assert _row(s, "by_scale", "kecil")["count"] == 1
    assert _row(s, "by_scale", "")["count"] == 2  # no capital or sales given
    assert _row(s, "by_market", "export")["count"] == 1
    assert _row(s, "by_market", "local")["count"] == 2  # default reach is local
    assert _row(s, "by_market", "national")["count"] == 1
    assert s["exporters"] == 1
    assert _row(s, "permit_coverage", "halal") == {
        "code": "halal",
        "label": "Sertifikat halal",
        "count": 1,
        "coverage": 25.0,
    }
    assert _row(s, "permit_coverage", "pirt")["count"] == 1
    assert _row(s, "permit_coverage", "sni")["count"] == 0
    # the closed IKM's 9 workers are not counted
    assert s["workers"] == {"male": 2, "female": 4, "unknown": 0, "total": 6}


def test_registrations_per_month_cover_the_last_24_months(make_business):
    _make_set(make_business)
    s = regency_statistics()
    months = {r["month"]: r["count"] for r in s["registrations"]}
    today = dt.date.today()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    assert months[f"{today:%Y-%m}"] == 2
    assert months[f"{last_month:%Y-%m}"] == 1
    assert "2016-05" not in months  # older than 24 months
    assert min(months) >= registration_since()


def test_filters_apply_to_every_figure(make_business):
    _make_set(make_business)
    craft = regency_statistics(filters=Filters(sector="craft"))
    assert craft["total"] == 2 and craft["with_nib"] == 0 and craft["workers"]["female"] == 1
    closed = regency_statistics(filters=Filters(status="closed"))
    assert closed["total"] == 1 and closed["with_nib"] == 1 and closed["workers"]["male"] == 9
    export = regency_statistics(filters=Filters(market_reach="export", scale="mikro"))
    assert export["total"] == 1 and export["districts"] == 1
    assert sum(r["count"] for r in export["registrations"]) == 1


def test_national_roll_up_groups_by_province(make_business):
    _make_set(make_business)
    s = national_statistics()
    jatim = _row(s, "by_district", "35")
    assert (jatim["count"], jatim["with_nib"]) == (4, 2)
    assert s["total"] == 4


def test_every_figure_has_an_indonesian_definition():
    for name in [
        "total",
        "districts",
        "with_nib",
        "nib_coverage",
        "by_sector",
        "by_scale",
        "permit_coverage",
        "by_market",
        "exporters",
        "workers",
        "registrations",
    ]:
        assert FIGURES[name].definition.endswith(".")
    assert "NIB" in FIGURES["nib_coverage"].definition


def test_businesses_with_a_production_capacity(make_business, admin_user):
    from sentra.registry.services import business_save

    a = make_business(district="Dander", monthly_capacity=300)
    make_business(district="Kapas", monthly_capacity=0)
    make_business(district="Kapas")
    assert regency_statistics()["with_capacity"] == 1
    business_save(actor=admin_user, business=a, business_data={"monthly_capacity": None})  # an edit moves it out
    assert regency_statistics()["with_capacity"] == 0
    assert FIGURES["with_capacity"].definition.endswith(".")
