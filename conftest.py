"""Shared fixtures: a fixed cast of users, reference data, and a real browser."""

import os

import pytest

from sentra.testing.browser import chromium_browser


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _worker_memory_unlimited_in_process(settings):
    # call_command("import_worker") runs inside the test process: its address-space limit would stay on
    # pytest (and the browsers it starts). Tests of the limit start the worker as its own process.
    settings.IMPORT_WORKER_MEMORY_MB = 0


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The API's rate limits count in the cache of the process: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _home_regency_cache():
    """The installation's regency is cached per process (sentra.regions.home); a test that sets it up
    must not leak it into the next."""
    yield
    from sentra.regions import home

    home.clear_cache()


@pytest.fixture
def reference_data(db):
    """Regions of the home regency, sectors and KBLI — loaded by migrations, reloaded here after a
    transactional test has flushed them."""
    from sentra.regions import models as region_models
    from sentra.regions.loader import load_regency
    from sentra.regions.resolver import clear_cache
    from sentra.registry.models import Kbli, Sector
    from sentra.registry.reference import load_sectors_and_kbli

    if not region_models.District.objects.exists():
        load_regency("35.22")
        clear_cache()
    if not Sector.objects.exists():
        load_sectors_and_kbli(Sector, Kbli)


def _user(django_user_model, username, role, districts=()):
    user = django_user_model.objects.create_user(username=username, password="pw-test-12345", role=role)
    if districts:
        from sentra.regions.models import District

        user.districts.set(District.objects.filter(name__in=districts))
    return user


@pytest.fixture
def admin_user(db, django_user_model):
    return _user(django_user_model, "t_admin", "admin")


@pytest.fixture
def staff_user(db, django_user_model):
    return _user(django_user_model, "t_staf", "staff")


@pytest.fixture
def dander_operator(reference_data, django_user_model):
    return _user(django_user_model, "t_op_dander", "operator", ["Dander"])


@pytest.fixture
def kapas_operator(reference_data, django_user_model):
    return _user(django_user_model, "t_op_kapas", "operator", ["Kapas"])


@pytest.fixture
def owner_user(db, django_user_model):
    return _user(django_user_model, "t_owner", "owner")


@pytest.fixture
def partner_user(db, django_user_model):
    return _user(django_user_model, "t_mitra", "partner")


@pytest.fixture
def make_business(reference_data):
    """Create a business through the service, as the app would."""
    from sentra.regions.models import District
    from sentra.registry.services import business_save

    counter = {"n": 0}

    def make(*, district="Dander", sector="food_beverage", name=None, nib=None, actor=None, **fields):
        counter["n"] += 1
        d = District.objects.get(regency_id="35.22", name=district)
        data = {"name": name or f"Usaha Uji {counter['n']}", "sector_id": sector, "district_id": d.code, **fields}
        permits = [{"kind": "nib", "number": nib}] if nib else []
        return business_save(
            actor=actor,
            business=None,
            business_data=data,
            owner_data={"name": f"Pemilik Uji {counter['n']}"},
            permits=permits,
            source="test",
        )

    return make


@pytest.fixture
def browser(transactional_db, reference_data):
    """A real headless Chromium. Use with pytest-django's live_server."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    with chromium_browser() as context:
        yield context
        # Inside Playwright's sync API, Django's per-thread connection storage (an asgiref Local)
        # is not the one outside it (seen: the outer connection is invisible there), so the test's
        # own queries opened a second connection. Closed here, while it is still reachable;
        # left open, PostgreSQL refused to drop the test database at the end of the run.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def make_product(staff_user):
    """A catalog product of `business`, published by staff unless publish=False."""
    from sentra.catalog.services import product_curate, product_save

    def make(business, *, publish=True, feature=False, **fields):
        data = {
            "business_id": business.pk,
            "name": "Keripik Tempe Renyah",
            "name_en": "Crispy Tempeh Chips",
            "description": "Keripik tempe tipis dengan bumbu bawang putih.",
            "description_en": "Thin tempeh chips seasoned with garlic.",
            "category": "snack",
            "price_min": 10000,
            "price_max": 15000,
            "unit": "bungkus",
            "min_order": 10,
            "monthly_capacity": 500,
            "shelf_life_days": 90,
            **fields,
        }
        product = product_save(actor=None, product=None, data=data, source="test")
        if publish:
            product_curate(actor=staff_user, product=product, action="publish")
        if feature:
            product_curate(actor=staff_user, product=product, action="feature")
        return product

    return make
