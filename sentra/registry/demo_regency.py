"""Clearly fake demo businesses for any regency (`seed_demo --regency CODE --businesses N`), so a council
can try Sentra on its own map before loading real data.

The spread is plausible, not real: kecamatan weighted by their number of desa/kelurahan (more
settlements, more home industries) times a random factor, sectors by the regency's sector list
(`demo_weight`, see registry/data/sectors/). Names say "Demo"; every record is flagged `is_demo`.
Deterministic for a given regency and N. Bojonegoro's press-figure demo (seed_demo without options)
is registry/demo.py and is not touched by this module.
"""

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count

from sentra.core.models import ChangeLog
from sentra.regions.models import District, Regency, Village
from sentra.registry.demo import (
    BRANDS,
    CRAFT_PRODUCTS,
    EXPORT_COUNTRIES,
    FEMALE,
    FOOD_PRODUCTS,
    MALE,
    SURNAMES,
    DemoRefused,
    _phone,
    add_years,
)
from sentra.registry.models import Business, Kbli, Owner, Permit, Sector
from sentra.registry.reference import sector_list
from sentra.registry.scale import scale_for

MAX_BUSINESSES = 200_000
TODAY = dt.date(2025, 10, 31)
# Products per sector code: (label, products text, KBLI 2020). Sectors without an entry use CRAFT_PRODUCTS.
PRODUCTS = {
    "food_beverage": FOOD_PRODUCTS,
    "craft": CRAFT_PRODUCTS,
    "furniture_wood": [
        ("Mebel Ukir", "mebel ukir kayu jati", "31001"),
        ("Ukir Kayu", "ukiran relief kayu", "16293"),
        ("Kursi Tamu", "kursi tamu kayu", "31001"),
        ("Lemari Kayu", "lemari kayu", "31001"),
        ("Suvenir Kayu", "suvenir kayu", "16293"),
        ("Mebel Rotan", "mebel rotan", "31002"),
    ],
    "textile_apparel": [
        ("Tenun Songket", "kain songket tenun tangan", "13122"),
        ("Tenun Ikat", "kain tenun ikat", "13122"),
        ("Batik Tulis", "batik tulis", "13134"),
        ("Konveksi", "pakaian jadi", "14111"),
        ("Bordir", "bordir dan sulaman", "13929"),
    ],
    "leather_footwear": [
        ("Tas Kulit", "tas kulit", "15121"),
        ("Sandal Kulit", "sandal kulit", "15201"),
    ],
    "metal": [
        ("Pande Besi", "alat pertanian tempa", "25931"),
        ("Kerajinan Logam", "kerajinan kuningan", "25990"),
    ],
}


def _weighted_split(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of `total` by `weights` (deterministic)."""
    whole = sum(weights) or 1
    raw = [total * w / whole for w in weights]
    counts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


@transaction.atomic
def seed_regency_demo(regency_code: str, businesses: int) -> int:
    """Create `businesses` fake IKM over the regency's kecamatan and sectors; 0 when demo data exists."""
    from django.conf import settings

    if settings.SENTRA_ENV == "production":
        raise DemoRefused("Data demo tidak dibuat pada pengaturan produksi.")
    if not 1 <= businesses <= MAX_BUSINESSES:
        raise DemoRefused(f"Jumlah usaha demo harus antara 1 dan {MAX_BUSINESSES:,}.".replace(",", "."))
    if not Regency.objects.filter(code=regency_code).exists():
        raise DemoRefused(
            f"Wilayah {regency_code} belum disiapkan; jalankan dahulu: python manage.py setup_regency {regency_code}"
        )
    if Business.objects.filter(is_demo=False).exists():
        raise DemoRefused("Registri sudah berisi data nyata; data demo tidak ditambahkan.")
    if Business.objects.filter(is_demo=True).exists():
        return 0
    districts = list(
        District.objects.filter(regency_id=regency_code).annotate(n_villages=Count("villages")).order_by("code")
    )
    if not districts:
        raise DemoRefused(f"Wilayah {regency_code} belum punya kecamatan; jalankan setup_regency {regency_code}.")
    villages: dict[str, list[Village]] = {}
    for v in Village.objects.filter(district__regency_id=regency_code).order_by("code"):
        villages.setdefault(v.district_id, []).append(v)
    sectors_here = set(Sector.objects.values_list("code", flat=True))
    sectors = [s for s in sector_list(regency_code) if s["code"] in sectors_here] or [
        {"code": code, "demo_weight": 1.0} for code in sorted(sectors_here)
    ]
    rng = random.Random(f"{regency_code}/{businesses}")
    d_counts = _weighted_split(businesses, [max(d.n_villages, 1) * rng.uniform(0.6, 1.6) for d in districts])
    s_counts = _weighted_split(businesses, [s["demo_weight"] for s in sectors])
    slots = [d.code for d, n in zip(districts, d_counts) for _ in range(n)]
    sector_slots = [s["code"] for s, n in zip(sectors, s_counts) for _ in range(n)]
    rng.shuffle(sector_slots)
    kbli = {k.code: k for k in Kbli.objects.filter(version="2020")}
    digits = regency_code.replace(".", "")

    owners, rows, plans = [], [], []
    for i, district_code in enumerate(slots):
        sector = sector_slots[i]
        female = rng.random() < 0.5
        village_list = villages.get(district_code) or [None]
        village = rng.choice(village_list)
        place = village.name if village else ""
        owners.append(
            Owner(
                name=f"{rng.choice(FEMALE if female else MALE)} {rng.choice(SURNAMES)} (Demo)",
                gender="P" if female else "L",
                phone=_phone(rng),
                address=f"Alamat Demo No. {rng.randrange(1, 120)}, {place}",
                is_demo=True,
            )
        )
        label, product, kbli_code = rng.choice(PRODUCTS.get(sector, CRAFT_PRODUCTS))
        workers = max(1, int(rng.paretovariate(1.6)))
        capital = rng.choice([5, 10, 25, 50, 100, 250, 500, 800]) * 1_000_000
        sales = int(capital * rng.uniform(0.8, 3.5))
        roll = rng.random()
        reach = "local" if roll < 0.55 else "regional" if roll < 0.82 else "national" if roll < 0.95 else "export"
        registered = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(0, (TODAY - dt.date(2016, 1, 1)).days))
        men = min(workers, round(workers * rng.uniform(0.2, 0.8)))
        rows.append(
            Business(
                name=f"{label} {rng.choice(BRANDS)} (Demo)",
                sector_id=sector,
                kbli=kbli.get(kbli_code),
                products=product,
                district_id=district_code,
                village=village,
                address=f"Alamat Demo No. {rng.randrange(1, 120)}, {place}",
                founded_year=rng.randrange(1990, 2025),
                workers_male=men,
                workers_female=workers - men,
                capital=capital,
                annual_sales=sales,
                scale=scale_for(capital, sales),
                monthly_capacity=rng.choice([50, 100, 200, 500, 1000]),
                capacity_unit="buah",
                market_reach=reach,
                export_countries=sorted(rng.sample(EXPORT_COUNTRIES, 1)) if reach == "export" else [],
                status="active",
                registered_on=registered,
                is_demo=True,
            )
        )
        plan = []
        if rng.random() < 0.7:
            plan.append(("nib", f"9{digits}{i:08d}"[:13], registered))
        if sector == "food_beverage" and rng.random() < 0.5:
            plan.append(("pirt", f"2{rng.randrange(10, 99)}{digits}{rng.randrange(1, 9999):04d}-28", registered))
        plans.append(plan)

    Owner.objects.bulk_create(owners, batch_size=1000)
    for owner, business in zip(owners, rows):
        business.owner = owner
    Business.objects.bulk_create(rows, batch_size=1000)
    permits = [
        Permit(
            business=b,
            kind=kind,
            number=number,
            issued_on=issued,
            expires_on=add_years(issued, 5) if kind == "pirt" else None,
        )
        for b, plan in zip(rows, plans)
        for kind, number, issued in plan
    ]
    Permit.objects.bulk_create(permits, batch_size=2000)
    ct = ContentType.objects.get_for_model(Business)
    ChangeLog.objects.bulk_create(
        [
            ChangeLog(
                content_type=ct, object_id=str(b.pk), object_repr=b.name[:255], action="create", source="seed_demo"
            )
            for b in rows
        ],
        batch_size=2000,
    )
    return len(rows)
