import datetime as dt

import pytest

from sentra.catalog import badges
from sentra.catalog.models import Product
from sentra.registry.models import Permit

pytestmark = pytest.mark.django_db


def _kinds(product):
    return [b.kind for b in badges.badges_for(Product.objects.get(pk=product.pk).business)]


def test_badges_come_from_registry_permits(catalog_business, make_product):
    business = catalog_business(permits=[{"kind": "nib", "number": "1234567890123"}])
    product = make_product(business)
    assert _kinds(product) == []  # an NIB is not a certification badge
    Permit.objects.create(business=business, kind="halal", number="ID351100001")
    Permit.objects.create(business=business, kind="pirt", number="2113522010001-29")
    Permit.objects.create(business=business, kind="bpom_md", number="BPOM RI MD 123")
    assert _kinds(product) == ["halal", "pirt", "bpom_md"]


def test_expired_permit_shows_no_badge(catalog_business, make_product):
    business = catalog_business(permits=[])
    product = make_product(business)
    Permit.objects.create(
        business=business, kind="halal", number="ID-OLD", issued_on=dt.date(2015, 1, 1), expires_on=dt.date(2020, 1, 1)
    )
    assert _kinds(product) == []
    assert not badges.filter_certified(Product.objects.all(), "halal").exists()


def test_badges_cannot_be_typed_in(client, catalog_business, owner_user):
    """The product form has no badge or export field: only the registry decides."""
    from sentra.catalog.forms import ProductForm

    fields = set(ProductForm.base_fields)
    assert not fields & {"badges", "halal", "is_export_ready", "export_ready", "is_published", "is_featured"}


def test_export_ready_needs_every_stated_criterion(catalog_business, make_product):
    business = catalog_business()  # NIB + halal
    ready = make_product(business, monthly_capacity=500)
    small = make_product(business, name="Kecil", monthly_capacity=20)
    no_english = make_product(business, name="Tanpa Inggris", description_en="")
    assert badges.is_export_ready(Product.objects.get(pk=ready.pk))
    criteria = {c.key: c.met for c in badges.export_criteria(Product.objects.get(pk=small.pk))}
    assert criteria == {"nib": True, "capacity": False, "certification": True, "english": True}
    assert not badges.is_export_ready(Product.objects.get(pk=no_english.pk))
    assert list(badges.filter_export_ready(Product.objects.all())) == [ready]


def test_export_ready_needs_nib_and_certification(catalog_business, make_product):
    no_nib = make_product(catalog_business(name="Tanpa NIB", permits=[{"kind": "halal", "number": "H-1"}]))
    no_cert = make_product(
        catalog_business(name="Tanpa Sertifikat", permits=[{"kind": "nib", "number": "9876543210123"}])
    )
    for product in (no_nib, no_cert):
        assert not badges.is_export_ready(Product.objects.get(pk=product.pk))
    assert not badges.filter_export_ready(Product.objects.all()).exists()


def test_product_page_shows_badges_and_criteria(client, catalog_business, make_product):
    product = make_product(catalog_business())
    body = client.get(product.get_absolute_url("id")).content.decode()
    assert 'data-badge="halal"' in body
    assert 'data-badge="export"' in body
    assert "Kapasitas minimal 100 bungkus per bulan" in body


def test_a_blank_english_name_is_not_export_ready_on_any_path(catalog_business, make_product):
    """The product page (Python), the ORM (API, back office) and the public pages' SQL say the same of
    an English name or description of spaces only: the rule is written once (rules.py)."""
    from sentra.catalog import public_read

    business = catalog_business()  # NIB + halal
    ready = make_product(business, name="Siap", monthly_capacity=500)
    blank_name = make_product(business, name="Nama Kosong", name_en="   ", monthly_capacity=500)
    blank_text = make_product(business, name="Deskripsi Kosong", description_en="  ", monthly_capacity=500)
    for product in (blank_name, blank_text):
        assert not badges.is_export_ready(Product.objects.get(pk=product.pk))
    assert list(badges.filter_export_ready(Product.objects.all())) == [ready]
    assert public_read.card_ids({"export_ready": True}) == [ready.pk]
