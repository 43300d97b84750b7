"""Builders of uniform-order objects for tests (this app's and the project-wide authorization matrix)."""

import datetime as dt

from django.utils import timezone


def make_round(*, title="Seragam Uji", status="open", payer="office", min_batch=1, days_open=(-5, 5), **fields):
    from sentra.orders.models import DEFAULT_SIZES, Garment, Price, Round

    today = timezone.localdate()
    rnd = Round.objects.create(
        title=title,
        status=status,
        sizes=list(DEFAULT_SIZES),
        declare_opens=today + dt.timedelta(days=days_open[0]),
        declare_closes=today + dt.timedelta(days=days_open[1]),
        response_deadline=today + dt.timedelta(days=days_open[1] + 7),
        delivery_deadline=today + dt.timedelta(days=days_open[1] + 40),
        payer=payer,
        min_batch=min_batch,
        **fields,
    )
    shirt = Garment.objects.create(round=rnd, name="Kemeja", order=0)
    blouse = Garment.objects.create(round=rnd, name="Blus", order=1)
    Price.objects.create(garment=shirt, technique="cap", unit_price=200_000)
    Price.objects.create(garment=shirt, technique="tulis", unit_price=450_000)
    Price.objects.create(garment=blouse, technique="cap", unit_price=210_000)
    return rnd


def make_producer(rnd, business, caps, **fields):
    """A round producer with capacity {garment name: pieces} (created directly: tests of eligibility use the
    service)."""
    from sentra.orders.models import Capacity, RoundProducer

    producer = RoundProducer.objects.create(round=rnd, business=business, **fields)
    for g in rnd.garments.all():
        if g.name in caps:
            Capacity.objects.create(producer=producer, garment=g, pieces=caps[g.name])
    return producer


def authorization_objects(cast: dict) -> dict:
    """An open round with an office (the cast's buyer is its user), a second office, and the cast's business as
    a producer that has been allocated pieces."""
    if "orders" not in cast:
        from sentra.orders import services
        from sentra.orders.models import Office

        staff = cast["users"]["staff"]
        office = Office.objects.create(name="Dinas Matriks")
        office.users.add(cast["users"]["buyer"])
        other = Office.objects.create(name="Dinas Lain Matriks")
        rnd = make_round(title="Putaran Matriks")
        producer = make_producer(rnd, cast["business"], {"Kemeja": 50, "Blus": 50})
        shirt = rnd.garments.get(name="Kemeja")
        services.needs_replace(actor=staff, round=rnd, office=office, lines=[services.Line(shirt.pk, "cap", "M", 10)])
        line = office.needs.get()
        rnd.refresh_from_db()
        services.round_allocate(actor=staff, round=rnd, expected_version=rnd.version)
        open_round = make_round(title="Putaran Terbuka Matriks")
        cast["orders"] = {
            "round": rnd,
            "open_round": open_round,
            "office": office,
            "other_office": other,
            "producer": producer,
            "line": line,
        }
    return cast["orders"]
