"""Clearly fake, deterministic demo products for the demo businesses (called by seed_demo).

Names and descriptions are invented, in Indonesian and English. The first product of each kind gets a
product shot drawn with Pillow (demo_photos.py; nothing downloaded), put through the same upload
pipeline as an owner's photo; the others show the catalog's neutral placeholder."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sentra.catalog.models import Lead, Product
from sentra.catalog.services import product_save
from sentra.registry.models import Business

PER_KIND = 3
FEATURED = 8

# registry "products" text -> (name, name_en, category, description, description_en, price range, unit, shelf life)
SPECS = {
    "ledre pisang": (
        "Ledre Pisang Raja",
        "Banana Ledre Rolls",
        "snack",
        "Gulungan renyah dari pisang raja, khas Bojonegoro.",
        "Crispy rolls made of raja bananas, a Bojonegoro speciality.",
        (15000, 25000),
        "bungkus",
        90,
    ),
    "keripik tempe": (
        "Keripik Tempe Sagu",
        "Tempeh Chips",
        "snack",
        "Keripik tempe tipis dengan bumbu bawang.",
        "Thin tempeh chips with garlic seasoning.",
        (10000, 18000),
        "bungkus",
        120,
    ),
    "jamu tradisional": (
        "Jamu Kunyit Asam",
        "Turmeric Tamarind Herbal Drink",
        "beverage",
        "Jamu kunyit asam tanpa pengawet.",
        "Traditional turmeric and tamarind drink, no preservatives.",
        (8000, 12000),
        "botol",
        14,
    ),
    "dodol dan keripik salak": (
        "Dodol Salak",
        "Snake Fruit Toffee",
        "snack",
        "Dodol legit dari salak pilihan.",
        "Chewy toffee made from selected snake fruit.",
        (12000, 20000),
        "bungkus",
        60,
    ),
    "kerupuk puli": (
        "Kerupuk Puli",
        "Rice Crackers",
        "snack",
        "Kerupuk nasi renyah siap goreng.",
        "Crunchy rice crackers, ready to fry.",
        (9000, 15000),
        "bungkus",
        180,
    ),
    "kopi bubuk": (
        "Kopi Bubuk Robusta",
        "Ground Robusta Coffee",
        "coffee",
        "Kopi robusta dari lereng Pegunungan Kendeng, sangrai sedang.",
        "Robusta coffee from the Kendeng hills, medium roast.",
        (25000, 60000),
        "bungkus",
        365,
    ),
    "sambal botol": (
        "Sambal Bawang",
        "Shallot Chili Sauce",
        "seasoning",
        "Sambal bawang pedas dalam botol kaca.",
        "Spicy shallot chili sauce in a glass jar.",
        (18000, 25000),
        "botol",
        180,
    ),
    "kue kering": (
        "Kue Kering Nastar",
        "Pineapple Tarts",
        "cake",
        "Nastar lembut isi selai nanas.",
        "Soft pineapple tarts.",
        (45000, 85000),
        "toples",
        60,
    ),
    "tahu": (
        "Tahu Kuning",
        "Yellow Tofu",
        "processed_food",
        "Tahu kuning segar setiap hari.",
        "Fresh yellow tofu made daily.",
        (5000, 8000),
        "bungkus",
        3,
    ),
    "tempe": (
        "Tempe Daun",
        "Leaf-wrapped Tempeh",
        "processed_food",
        "Tempe kedelai dibungkus daun pisang.",
        "Soybean tempeh wrapped in banana leaves.",
        (4000, 7000),
        "bungkus",
        3,
    ),
    "emping melinjo": (
        "Emping Melinjo",
        "Melinjo Nut Crackers",
        "snack",
        "Emping melinjo tipis, gurih.",
        "Thin, savoury melinjo nut crackers.",
        (30000, 55000),
        "kg",
        180,
    ),
    "gula merah": (
        "Gula Merah Kelapa",
        "Coconut Palm Sugar",
        "processed_food",
        "Gula merah kelapa cetak.",
        "Moulded coconut palm sugar.",
        (18000, 25000),
        "kg",
        365,
    ),
    "minuman jahe instan": (
        "Wedang Jahe Instan",
        "Instant Ginger Drink",
        "beverage",
        "Serbuk jahe merah dengan gula aren.",
        "Red ginger powder with palm sugar.",
        (15000, 25000),
        "bungkus",
        365,
    ),
    "roti dan kue basah": (
        "Roti Sisir",
        "Butter Bread Loaf",
        "cake",
        "Roti sisir mentega yang lembut.",
        "Soft butter bread loaf.",
        (12000, 20000),
        "buah",
        4,
    ),
    "keripik singkong": (
        "Keripik Singkong Balado",
        "Spicy Cassava Chips",
        "snack",
        "Keripik singkong pedas manis.",
        "Sweet and spicy cassava chips.",
        (10000, 20000),
        "bungkus",
        120,
    ),
    "batik tulis motif Jonegoroan": (
        "Batik Tulis Jonegoroan",
        "Hand-drawn Jonegoroan Batik",
        "batik",
        "Kain batik tulis motif khas Jonegoroan, pewarna alam.",
        "Hand-drawn batik cloth in the Jonegoroan motif, natural dyes.",
        (350000, 1500000),
        "lembar",
        None,
    ),
    "batik motif Obor Sewu, seragam": (
        "Batik Obor Sewu",
        "Obor Sewu Batik Uniform Cloth",
        "batik",
        "Batik cap motif Obor Sewu untuk seragam.",
        "Stamped batik in the Obor Sewu motif for uniforms.",
        (150000, 300000),
        "lembar",
        None,
    ),
    "ukiran dan suvenir kayu jati": (
        "Suvenir Ukir Kayu Jati",
        "Carved Teak Souvenirs",
        "woodcraft",
        "Ukiran kecil dari sisa kayu jati Bojonegoro.",
        "Small carvings from reclaimed Bojonegoro teak.",
        (25000, 250000),
        "buah",
        None,
    ),
    "mebel jati": (
        "Kursi Jati Minimalis",
        "Minimalist Teak Chair",
        "furniture",
        "Kursi kayu jati finishing natural.",
        "Teak wood chair with a natural finish.",
        (850000, 2500000),
        "buah",
        None,
    ),
    "anyaman bambu": (
        "Anyaman Bambu",
        "Woven Bamboo Basket",
        "bamboo",
        "Keranjang anyaman bambu serbaguna.",
        "Multipurpose woven bamboo basket.",
        (20000, 90000),
        "buah",
        None,
    ),
    "gerabah": (
        "Gerabah Hias",
        "Decorative Earthenware",
        "ceramics",
        "Vas dan pot gerabah buatan tangan.",
        "Handmade earthenware vases and pots.",
        (30000, 200000),
        "buah",
        None,
    ),
    "udeng batik": (
        "Udeng Batik",
        "Batik Headband (Udeng)",
        "fashion",
        "Ikat kepala udeng dari kain batik.",
        "Traditional udeng headband of batik cloth.",
        (35000, 75000),
        "buah",
        None,
    ),
    "tas anyaman": (
        "Tas Anyaman Pandan",
        "Woven Pandan Bag",
        "woven",
        "Tas anyaman daun pandan.",
        "Bag woven from pandan leaves.",
        (60000, 180000),
        "buah",
        None,
    ),
}


def _owner_demo_draft() -> Product | None:
    """The demo owner (user `pemilik`) gets one unpublished product, to try owner editing and curation."""
    business = Business.objects.filter(is_demo=True, owner__user__username="pemilik").order_by("pk").first()
    if business is None or business.catalog_products.exists():
        return None
    spec = SPECS.get(business.products) or SPECS["keripik tempe"]
    name, name_en, category, desc, desc_en, (low, high), unit, shelf = spec
    return product_save(
        actor=None,
        product=None,
        data={
            "business_id": business.pk,
            "name": f"{name} (draf)",
            "name_en": "",
            "description": desc,
            "description_en": "",
            "category": category,
            "price_min": low,
            "price_max": high,
            "unit": unit,
            "shelf_life_days": shelf,
        },
        source="seed_demo",
    )


def _add_photo(product: Product, category: str, name: str, seed: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sentra.catalog.demo_photos import product_photo
    from sentra.catalog.services import photo_add

    upload = SimpleUploadedFile(f"demo-{seed}.jpg", product_photo(category, name, seed), content_type="image/jpeg")
    photo_add(actor=None, product=product, upload=upload)


@transaction.atomic
def seed_demo_products() -> int:
    """Create the demo products once; running again changes nothing."""
    if Product.objects.filter(is_demo=True).exists():
        return 0
    created = []
    base_time = timezone.make_aware(dt.datetime(2025, 10, 1, 9, 0))
    for kind, spec in SPECS.items():
        name, name_en, category, desc, desc_en, (low, high), unit, shelf = spec
        businesses = Business.objects.filter(is_demo=True, status=Business.Status.ACTIVE, products=kind).order_by(
            "-phone_public", "pk"
        )[:PER_KIND]
        for n, business in enumerate(businesses):
            product = product_save(
                actor=None,
                product=None,
                data={
                    "business_id": business.pk,
                    "name": name,
                    "name_en": name_en,
                    "description": desc,
                    "description_en": desc_en,
                    "category": category,
                    "price_min": low,
                    "price_max": high,
                    "unit": unit,
                    "min_order": 10 if high < 100000 else 1,
                    "monthly_capacity": business.monthly_capacity,
                    "lead_time_days": 3 if shelf else 14,
                    "shelf_life_days": shelf,
                },
                source="seed_demo",
            )
            created.append(product)
            if n == 0:
                _add_photo(product, category, name, seed=len(created))
    draft = _owner_demo_draft()
    step = max(1, len(created) // FEATURED)
    for i, product in enumerate(created):
        product.is_published = True
        product.is_featured = i % step == 0 and i < step * FEATURED
        product.published_at = base_time + dt.timedelta(hours=i)
    Product.objects.bulk_update(created, ["is_published", "is_featured", "published_at"])
    Product.objects.filter(pk__in=[p.pk for p in created] + ([draft.pk] if draft else [])).update(is_demo=True)
    _demo_leads(created)
    return len(created)


# Buyers' inquiries on a few demo products, in every status, so the dashboard's market figures are not
# all zero. Invented buyers at reserved example domains (RFC 2606).
DEMO_LEADS = [
    ("Toko Oleh-Oleh Demo", "Indonesia", Lead.Status.DEAL, 200),
    ("PT Distributor Demo", "Indonesia", Lead.Status.CONTACTED, 500),
    ("Demo Trading Sdn Bhd", "Malaysia", Lead.Status.NEW, 1000),
    ("Kafe Demo Surabaya", "Indonesia", Lead.Status.DEAL, 50),
    ("Demo Imports Pte Ltd", "Singapore", Lead.Status.LOST, 300),
    ("Hotel Demo Bojonegoro", "Indonesia", Lead.Status.CONTACTED, 120),
]


def _demo_leads(products: list[Product]) -> None:
    leads = []
    for i, (company, country, status, quantity) in enumerate(DEMO_LEADS):
        product = products[(i * 7) % len(products)] if products else None
        if product is None:
            return
        leads.append(
            Lead(
                product=product,
                business_id=product.business_id,
                name=f"Pembeli Demo {i + 1}",
                company=company,
                country=country,
                email=f"pembeli{i + 1}@example.com",
                quantity=quantity,
                message=f"[demo] Mohon info harga untuk {quantity} {product.unit}.",
                status=status,
                ip_hash="demo",
            )
        )
    Lead.objects.bulk_create(leads)


seed_demo_app = seed_demo_products  # called by registry.demo.seed_app_demos
