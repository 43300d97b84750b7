"""Clearly fake, deterministic demo data whose headline figures equal the press figures.

Bojonegoro, Oct 2025: 1,762 IKM over 28 kecamatan; 1,431 food & beverage, 331 crafts;
1,349 with an NIB. Every record is flagged `is_demo`; names are invented.
"""

import datetime as dt
import random
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from sentra.core.models import ChangeLog
from sentra.regions import home
from sentra.regions.models import District, Village
from sentra.registry.models import Business, Kbli, Owner, Permit
from sentra.registry.scale import scale_for

TOTAL, FOOD, CRAFT, WITH_NIB = 1762, 1431, 331, 1349
DEMO_PASSWORD = "sentra-demo"
SEED = 20251031

# Relative weight of each kecamatan (town and its neighbours hold more IKM).
HEAVY = {
    "Bojonegoro": 9,
    "Kapas": 5,
    "Dander": 5,
    "Kalitidu": 4,
    "Sumberrejo": 4,
    "Baureno": 4,
    "Balen": 3,
    "Kedungadem": 3,
    "Padangan": 3,
    "Trucuk": 3,
    "Kanor": 3,
}

FOOD_PRODUCTS = [
    ("Ledre", "ledre pisang", "10792"),
    ("Keripik Tempe", "keripik tempe", "10794"),
    ("Jamu", "jamu tradisional", "11040"),
    ("Olahan Salak", "dodol dan keripik salak", "10733"),
    ("Kerupuk", "kerupuk puli", "10794"),
    ("Kopi Bubuk", "kopi bubuk", "10761"),
    ("Sambal", "sambal botol", "10793"),
    ("Kue Kering", "kue kering", "10710"),
    ("Tahu", "tahu", "10794"),
    ("Tempe", "tempe", "10794"),
    ("Emping", "emping melinjo", "10794"),
    ("Gula Merah", "gula merah", "10722"),
    ("Wedang Jahe", "minuman jahe instan", "11040"),
    ("Roti", "roti dan kue basah", "10710"),
    ("Keripik Singkong", "keripik singkong", "10794"),
]
CRAFT_PRODUCTS = [
    ("Batik Jonegoroan", "batik tulis motif Jonegoroan", "13133"),
    ("Batik Obor Sewu", "batik motif Obor Sewu, seragam", "13133"),
    ("Kerajinan Kayu Jati", "ukiran dan suvenir kayu jati", "16292"),
    ("Mebel Jati", "mebel jati", "31001"),
    ("Anyaman Bambu", "anyaman bambu", "16293"),
    ("Gerabah", "gerabah", "23932"),
    ("Udeng", "udeng batik", "13133"),
    ("Tas Anyaman", "tas anyaman", "15121"),
]
BRANDS = [
    "Bu Sri",
    "Sumber Rejeki",
    "Mekar Sari",
    "Barokah",
    "Jaya Abadi",
    "Putri",
    "Lestari",
    "Sari Rasa",
    "Mbok Darmi",
    "Pak Gino",
    "Berkah Jaya",
    "Tiga Putra",
    "Rukun Makmur",
    "Sido Mulyo",
    "Cahaya",
    "Mandiri",
    "Arum Sari",
    "Karya Utama",
    "Sekar Jagad",
    "Maju Lancar",
    "Kembang Joyo",
    "Lancar Rejeki",
]
FEMALE = [
    "Sri",
    "Siti",
    "Wahyuni",
    "Suparti",
    "Endang",
    "Rini",
    "Sumini",
    "Yuli",
    "Dewi",
    "Lilik",
    "Tutik",
    "Nur",
    "Kartini",
    "Ningsih",
    "Puji",
    "Umi",
    "Rahayu",
    "Winarti",
    "Sulastri",
    "Eni",
]
MALE = [
    "Budi",
    "Slamet",
    "Agus",
    "Joko",
    "Suparno",
    "Bambang",
    "Hadi",
    "Sugeng",
    "Wahyu",
    "Eko",
    "Didik",
    "Teguh",
    "Mulyono",
    "Sutrisno",
    "Heru",
    "Imam",
    "Rudi",
    "Sukarji",
    "Yanto",
    "Ahmad",
]
SURNAMES = [
    "Santoso",
    "Wibowo",
    "Lestari",
    "Susanti",
    "Prasetyo",
    "Handayani",
    "Kurniawan",
    "Rahmawati",
    "Setiawan",
    "Hidayat",
    "Purnomo",
    "Wulandari",
    "Saputra",
    "Utami",
    "Nugroho",
    "Fitriani",
]
STREETS = [
    "Jl. Veteran",
    "Jl. Panglima Polim",
    "Jl. Diponegoro",
    "Jl. Raya",
    "Jl. Gajah Mada",
    "Jl. Pemuda",
    "Jl. Rajekwesi",
    "Jl. Mastrip",
    "Dusun Krajan",
    "Dusun Kidul",
]
EXPORT_COUNTRIES = ["MY", "SG", "JP", "NL", "AU", "HK", "SA", "US"]
DEMO_USERS = [
    # username, role, first name, is_superuser
    ("admin", "admin", "Admin Demo", True),
    ("staf", "staff", "Staf Dekranasda Demo", False),
    ("operator.dander", "operator", "Operator Dander Demo", False),
    ("pemilik", "owner", "Pemilik Usaha Demo", False),
    ("mitra", "partner", "Mitra Demo", False),
    ("pembeli", "buyer", "Pembeli OPD Demo", False),
]


class DemoRefused(Exception):
    pass


@dataclass
class DemoResult:
    businesses_created: int
    users_created: int


def _district_counts(rng: random.Random, districts: list[District]) -> dict[str, int]:
    """Split TOTAL over every kecamatan unevenly, each with at least 12."""
    weights = [HEAVY.get(d.name, 1) * rng.uniform(0.7, 1.6) for d in districts]
    floor = 12
    spare = TOTAL - floor * len(districts)
    raw = [w / sum(weights) * spare for w in weights]
    counts = [floor + int(x) for x in raw]
    # Hand out the remainder to the largest fractional parts, deterministically.
    order = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in order[: TOTAL - sum(counts)]:
        counts[i] += 1
    return {d.code: c for d, c in zip(districts, counts)}


def _nik(rng: random.Random, district_code: str, female: bool, serial: int) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 42))
    day = birth.day + (40 if female else 0)
    return f"{district_code.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(["812", "813", "821", "822", "852", "857", "878", "896", "838"])
    return f"+62{prefix}{rng.randrange(10_000_000, 99_999_999)}"


def demo_users_create() -> int:
    if settings.SENTRA_ENV == "production":
        raise DemoRefused("Pengguna demo tidak dibuat pada pengaturan produksi.")
    User = get_user_model()
    created = 0
    dander = District.objects.filter(regency_id=home.regency_code(), name="Dander").first()
    for username, role, first_name, superuser in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": first_name,
                "is_superuser": superuser,
                "is_staff": role in {"admin", "staff"},
                "email": f"{username}@demo.sentra.invalid",
            },
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            created += 1
            if role == "operator" and dander:
                user.districts.add(dander)
    owner_user = User.objects.get(username="pemilik")
    if not Owner.objects.filter(user=owner_user).exists():
        owner = Owner.objects.filter(is_demo=True, businesses__district__name="Dander").order_by("pk").first()
        if owner:
            owner.user = owner_user
            owner.save(update_fields=["user"])
    return created


@transaction.atomic
def seed_demo() -> DemoResult:
    if settings.SENTRA_ENV == "production":
        raise DemoRefused("Data demo tidak dibuat pada pengaturan produksi.")
    if Business.objects.filter(is_demo=False).exists():
        raise DemoRefused("Registri sudah berisi data nyata; data demo tidak ditambahkan.")
    created = 0
    if not Business.objects.filter(is_demo=True).exists():
        created = _create_businesses()
    users = demo_users_create()
    seed_app_demos()
    return DemoResult(businesses_created=created, users_created=users)


def seed_app_demos() -> None:
    """The apps that build on the registry add their demo data after it: each app whose `demo` module
    defines `seed_demo_app()` is called, in INSTALLED_APPS order (so an app follows what it builds on).
    Each must be idempotent, as seed_demo is."""
    for config in apps.get_app_configs():
        if not config.name.startswith("sentra.") or config.name == "sentra.registry":
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.demo":
                continue
            raise
        seed = getattr(module, "seed_demo_app", None)
        if seed is not None:
            seed()


def _create_businesses() -> int:
    rng = random.Random(SEED)
    districts = list(District.objects.filter(regency_id=home.regency_code()).order_by("code"))
    if len(districts) == 0:
        raise DemoRefused("Wilayah kabupaten belum dimuat; jalankan migrate dahulu.")
    villages: dict[str, list[Village]] = {}
    for v in Village.objects.filter(district__in=districts).order_by("code"):
        villages.setdefault(v.district_id, []).append(v)
    kbli = {k.code: k for k in Kbli.objects.filter(version="2020")}
    counts = _district_counts(rng, districts)

    slots = [code for code, n in counts.items() for _ in range(n)]
    rng.shuffle(slots)
    is_craft = [True] * CRAFT + [False] * FOOD
    rng.shuffle(is_craft)
    has_nib = [True] * WITH_NIB + [False] * (TOTAL - WITH_NIB)
    rng.shuffle(has_nib)

    owners, businesses, permits_for = [], [], []
    serial = 1
    nibs_used = set()
    for i, district_code in enumerate(slots):
        craft = is_craft[i]
        female = rng.random() < (0.55 if not craft else 0.45)
        given = rng.choice(FEMALE if female else MALE)
        owner_name = f"{given} {rng.choice(SURNAMES)}"
        village = rng.choice(villages[district_code])
        owners.append(
            Owner(
                name=owner_name,
                nik=_nik(rng, district_code, female, serial) if rng.random() < 0.8 else "",
                gender="P" if female else "L",
                phone=_phone(rng),
                address=f"{rng.choice(STREETS)} No. {rng.randrange(1, 120)}, RT {rng.randrange(1, 9):02d}/RW "
                f"{rng.randrange(1, 6):02d}, {village.name}",
                is_demo=True,
            )
        )
        serial += 1
        label, product, kbli_code = rng.choice(CRAFT_PRODUCTS if craft else FOOD_PRODUCTS)
        workers = max(1, int(rng.paretovariate(1.6)))
        capital = rng.choice([5, 10, 15, 25, 50, 75, 100, 150, 250, 500, 800]) * 1_000_000
        if rng.random() < 0.03:
            capital = rng.choice([1_500, 2_500, 4_000]) * 1_000_000
        sales = int(capital * rng.uniform(0.8, 3.5))
        roll = rng.random()
        reach = "local" if roll < 0.58 else "regional" if roll < 0.84 else "national" if roll < 0.965 else "export"
        founded = rng.randrange(1985, 2025)
        registered = dt.date(max(founded, 2016), 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 3))
        registered = min(registered, dt.date(2025, 10, 31))
        male_share = 0.35 if not craft else 0.55
        men = round(workers * male_share * rng.uniform(0.5, 1.5))
        men = min(men, workers)
        businesses.append(
            Business(
                name=f"{label} {rng.choice(BRANDS)}",
                sector_id="craft" if craft else "food_beverage",
                kbli=kbli.get(kbli_code),
                products=product,
                district_id=district_code,
                village=village,
                address=f"{rng.choice(STREETS)} No. {rng.randrange(1, 120)}, {village.name}",
                phone=_phone(rng) if rng.random() < 0.7 else "",
                phone_public=rng.random() < 0.3,
                founded_year=founded,
                workers_male=men,
                workers_female=workers - men,
                capital=capital,
                annual_sales=sales,
                scale=scale_for(capital, sales),
                monthly_capacity=rng.choice([50, 100, 200, 300, 500, 1000, 2000]),
                capacity_unit=rng.choice(["kg", "bungkus", "botol"])
                if not craft
                else rng.choice(["lembar", "buah", "set"]),
                market_reach=reach,
                export_countries=sorted(rng.sample(EXPORT_COUNTRIES, rng.randrange(1, 3))) if reach == "export" else [],
                status="active",
                registered_on=registered,
                is_demo=True,
            )
        )
        plan = []
        if has_nib[i]:
            nib = str(rng.randrange(10**12, 10**13))
            while nib in nibs_used:
                nib = str(rng.randrange(10**12, 10**13))
            nibs_used.add(nib)
            plan.append(("nib", nib, registered))
        if not craft and rng.random() < 0.55:
            plan.append(
                (
                    "pirt",
                    f"2{rng.randrange(10, 99)}3522{rng.randrange(1, 99):02d}{rng.randrange(1, 9999):04d}-"
                    f"{rng.randrange(26, 31)}",
                    registered + dt.timedelta(days=rng.randrange(30, 400)),
                )
            )
        if not craft and rng.random() < 0.35:
            plan.append(
                (
                    "halal",
                    f"ID35110000{rng.randrange(10**7, 10**8)}",
                    registered + dt.timedelta(days=rng.randrange(60, 700)),
                )
            )
        if craft and rng.random() < 0.15:
            plan.append(
                (
                    "hki",
                    f"IDM000{rng.randrange(100000, 999999)}",
                    registered + dt.timedelta(days=rng.randrange(90, 900)),
                )
            )
        if not craft and reach in {"national", "export"} and rng.random() < 0.3:
            plan.append(
                (
                    "bpom_md",
                    f"BPOM RI MD {rng.randrange(10**11, 10**12)}",
                    registered + dt.timedelta(days=rng.randrange(90, 900)),
                )
            )
        permits_for.append(plan)

    Owner.objects.bulk_create(owners, batch_size=500)
    for owner, business in zip(owners, businesses):
        business.owner = owner
    Business.objects.bulk_create(businesses, batch_size=500)
    permits = []
    for business, plan in zip(businesses, permits_for):
        for kind, number, issued in plan:
            issued = min(issued, dt.date(2025, 10, 31))
            expires = add_years(issued, 5) if kind in {"pirt", "halal"} else None
            permits.append(Permit(business=business, kind=kind, number=number, issued_on=issued, expires_on=expires))
    Permit.objects.bulk_create(permits, batch_size=1000)
    ct = ContentType.objects.get_for_model(Business)
    ChangeLog.objects.bulk_create(
        [
            ChangeLog(
                content_type=ct, object_id=str(b.pk), object_repr=b.name[:255], action="create", source="seed_demo"
            )
            for b in businesses
        ],
        batch_size=1000,
    )
    return len(businesses)
