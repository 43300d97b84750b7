"""Clearly fake demo uniform orders: ordering offices (the demo buyer `pembeli` attached to one), a round already
allocated among demo batik producers and a round open for declaring needs. Idempotent; adds no business, so the
registry's press figures stay exact."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sentra.orders import services
from sentra.orders.models import DEFAULT_SIZES, Capacity, Garment, Office, Price, Round
from sentra.orders.services import Line
from sentra.regions.models import District
from sentra.registry.models import Business

OFFICES = [
    ("Dinas Perindustrian dan Tenaga Kerja (demo)", "opd", None),
    ("Badan Kepegawaian Daerah (demo)", "opd", None),
    ("SMP Negeri Demo Dander", "school", "Dander"),
    ("SD Negeri Demo Kapas", "school", "Kapas"),
    ("Pemerintah Desa Demo Ngumpakdalem", "village", "Dander"),
]
PRICES = [
    ("Kemeja lengan panjang", "tulis", 450_000),
    ("Kemeja lengan panjang", "cap", 225_000),
    ("Kemeja lengan pendek", "cap", 200_000),
    ("Blus", "cap", 210_000),
    ("Blus", "kombinasi", 300_000),
]


def _round(title, opens, closes, status):
    rnd = Round.objects.create(
        title=title,
        status=status,
        sizes=list(DEFAULT_SIZES),
        declare_opens=opens,
        declare_closes=closes,
        response_deadline=closes + dt.timedelta(days=7),
        delivery_deadline=closes + dt.timedelta(days=45),
        payer=Round.Payer.OFFICE,
        min_batch=5,
        price_note="Harga demo: biaya kain, pewarna dan upah menurut survei Dekranasda ke 10 perajin.",
        is_demo=True,
    )
    for order, (name, technique, price) in enumerate(PRICES):
        garment, _ = Garment.objects.get_or_create(round=rnd, name=name, defaults={"order": order})
        Price.objects.create(garment=garment, technique=technique, unit_price=price)
    return rnd


@transaction.atomic
def seed_demo_app() -> int:
    if Round.objects.filter(is_demo=True).exists():
        return 0
    producers = list(
        Business.objects.filter(is_demo=True, sector_id="craft", products__icontains="batik", status="active")
        .with_nib()
        .order_by("pk")[:24]
    )
    if not producers:
        return 0
    districts = {d.name: d for d in District.objects.filter(name__in=["Dander", "Kapas"])}
    offices = []
    for name, kind, district in OFFICES:
        office, _ = Office.objects.get_or_create(
            name=name, defaults={"kind": kind, "district": districts.get(district), "is_demo": True}
        )
        offices.append(office)
    buyer = get_user_model().objects.filter(username="pembeli", role="buyer").first()
    if buyer:
        offices[0].users.add(buyer)
    today = timezone.localdate()
    first = _round(
        "Seragam Obor Sewu (demo) tahap 1",
        today - dt.timedelta(days=30),
        today - dt.timedelta(days=2),
        Round.Status.OPEN,
    )
    garments = list(first.garments.order_by("order", "pk"))
    for i, business in enumerate(producers):
        producer = services.producer_add(actor=None, round=first, business=business, curated=i % 3 == 0)
        producer.name_public = i % 4 != 3
        producer.save(update_fields=["name_public"])
        for j, g in enumerate(garments):
            Capacity.objects.create(
                producer=producer, garment=g, pieces=(20 + (i * 7 + j * 11) % 60) if (i + j) % 4 else 0
            )
    sizes = DEFAULT_SIZES[:6]
    for k, office in enumerate(offices):
        lines = []
        for j, g in enumerate(garments):
            technique = g.prices.order_by("technique").first().technique
            for s, size in enumerate(sizes):
                qty = (k * 13 + j * 7 + s * 5) % 17
                if qty:
                    lines.append(Line(g.pk, technique, size, qty))
        services.needs_replace(actor=None, round=first, office=office, lines=lines, today=first.declare_opens)
    first.refresh_from_db()
    services.round_allocate(actor=None, round=first, expected_version=first.version)
    _round(
        "Seragam Obor Sewu (demo) tahap 2",
        today - dt.timedelta(days=1),
        today + dt.timedelta(days=20),
        Round.Status.OPEN,
    )
    return 2
