"""Catalog fixtures: a business with real-looking personal data, and products made through the services."""

import datetime as dt

import pytest

from sentra.catalog.search import clear_vocabulary_cache

OWNER_NIK = "3522094507850003"
OWNER_ADDRESS = "Jl. Rahasia Pemilik No. 77, RT 03/RW 02"
BUSINESS_ADDRESS = "Jl. Gudang Produksi No. 12"


@pytest.fixture(autouse=True)
def _fresh_catalog_state(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from sentra.catalog import skeleton

    cache.clear()
    clear_vocabulary_cache()
    skeleton.forget()
    yield
    clear_vocabulary_cache()


@pytest.fixture
def catalog_business(reference_data, owner_user):
    """An active business owned by `owner_user`, with NIB and halal permits and personal data."""
    from sentra.regions.models import District
    from sentra.registry.services import business_save

    def make(
        *, name="Keripik Bu Sari", district="Dander", sector="food_beverage", permits=None, user=owner_user, **fields
    ):
        d = District.objects.get(regency_id="35.22", name=district)
        business = business_save(
            actor=None,
            business=None,
            business_data={
                "name": name,
                "sector_id": sector,
                "district_id": d.code,
                "address": BUSINESS_ADDRESS,
                "phone": "+6281234567890",
                "phone_public": True,
                **fields,
            },
            owner_data={
                "name": f"Pemilik {name}",
                "nik": OWNER_NIK,
                "address": OWNER_ADDRESS,
                "phone": "+6285712345678",
                "email": "pemilik@example.invalid",
            },
            permits=permits
            if permits is not None
            else [
                {"kind": "nib", "number": f"{abs(hash(name)) % 10**13:013d}"},
                {"kind": "halal", "number": "ID35110000123456", "issued_on": dt.date(2024, 1, 1)},
            ],
            source="test",
        )
        if user is not None:
            business.owner.user = user
            business.owner.save(update_fields=["user"])
        return business

    return make
