import pytest
from django.urls import reverse

from sentra.catalog.models import Product
from sentra.catalog.services import CatalogError, product_curate
from sentra.core.audit import history_for

pytestmark = pytest.mark.django_db


def test_draft_is_not_public_until_staff_publishes(client, catalog_business, make_product, staff_user):
    product = make_product(catalog_business(), publish=False)
    assert not Product.objects.public().filter(pk=product.pk).exists()
    assert client.get(product.get_absolute_url("id")).status_code == 404
    product_curate(actor=staff_user, product=product, action="publish")
    assert Product.objects.public().filter(pk=product.pk).exists()
    assert client.get(product.get_absolute_url("id")).status_code == 200
    log = history_for(product).filter(action="update").first()
    assert log.actor == staff_user and log.changes["is_published"] == [False, True]


def test_products_of_an_inactive_business_disappear(client, catalog_business, make_product):
    business = catalog_business()
    product = make_product(business)
    business.status = "inactive"
    business.save()
    assert not Product.objects.public().exists()
    assert client.get(product.get_absolute_url("id")).status_code == 404
    assert product.name not in client.get(reverse("catalog:list")).content.decode()


def test_publishing_refused_for_inactive_business(catalog_business, make_product, staff_user):
    business = catalog_business(status="inactive")
    product = make_product(business, publish=False)
    with pytest.raises(CatalogError, match="tidak aktif"):
        product_curate(actor=staff_user, product=product, action="publish")


def test_feature_needs_published_and_unpublish_clears_feature(catalog_business, make_product, staff_user):
    product = make_product(catalog_business(), publish=False)
    with pytest.raises(CatalogError, match="Tayangkan produk dahulu"):
        product_curate(actor=staff_user, product=product, action="feature")
    product_curate(actor=staff_user, product=product, action="publish")
    product_curate(actor=staff_user, product=product, action="feature")
    assert product.is_featured
    product_curate(actor=staff_user, product=product, action="unpublish")
    product.refresh_from_db()
    assert not product.is_published and not product.is_featured


def test_owner_cannot_curate(client, catalog_business, make_product, owner_user):
    product = make_product(catalog_business(), publish=False)
    client.force_login(owner_user)
    response = client.post(reverse("catalog:manage_curate", args=[product.pk]), {"action": "publish"})
    assert response.status_code == 403
    product.refresh_from_db()
    assert not product.is_published


def test_staff_curates_through_the_back_office(client, catalog_business, make_product, staff_user):
    product = make_product(catalog_business(), publish=False)
    client.force_login(staff_user)
    response = client.post(reverse("catalog:manage_curate", args=[product.pk]), {"action": "publish"})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.is_published and product.published_at is not None


def test_owner_creates_and_edits_own_product(client, catalog_business, owner_user):
    business = catalog_business()
    client.force_login(owner_user)
    data = {
        "business": business.pk,
        "name": "Sambal Roa",
        "name_en": "Smoked Fish Chili Sauce",
        "category": "seasoning",
        "description": "Sambal ikan roa.",
        "description_en": "Chili sauce with smoked fish.",
        "price_min": "20000",
        "price_max": "25000",
        "unit": "botol",
        "min_order": "12",
        "monthly_capacity": "300",
        "shelf_life_days": "180",
    }
    response = client.post(reverse("catalog:manage_product_new"), data)
    assert response.status_code == 302
    product = Product.objects.get(name="Sambal Roa")
    assert not product.is_published  # staff curate
    assert history_for(product).filter(action="create").exists()
    response = client.post(reverse("catalog:manage_product", args=[product.pk]), {**data, "price_max": "27000"})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.price_max == 27000
    assert history_for(product).get(action="update").changes["price_max"] == [25000, 27000]


def test_bad_product_input_keeps_what_was_typed(client, catalog_business, owner_user):
    business = catalog_business()
    client.force_login(owner_user)
    response = client.post(
        reverse("catalog:manage_product_new"),
        {
            "business": business.pk,
            "name": "Sambal Roa",
            "category": "seasoning",
            "price_min": "30000",
            "price_max": "20000",
            "unit": "botol",
            "min_order": "1",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Harga tertinggi tidak boleh lebih kecil dari harga terendah." in body
    assert 'value="Sambal Roa"' in body
    assert not Product.objects.exists()


def test_owner_cannot_open_anothers_product(client, catalog_business, make_product, owner_user, django_user_model):
    other = django_user_model.objects.create_user(username="other_owner", password="x-12345-pw", role="owner")
    product = make_product(catalog_business(user=other))
    client.force_login(owner_user)
    assert client.get(reverse("catalog:manage_product", args=[product.pk])).status_code == 404
    response = client.post(reverse("catalog:manage_product", args=[product.pk]), {"name": "Diambil alih"})
    assert response.status_code == 404
    product.refresh_from_db()
    assert product.name != "Diambil alih"


def test_operator_and_anonymous_are_kept_out(client, dander_operator):
    assert client.get(reverse("catalog:manage_list")).status_code == 302
    client.force_login(dander_operator)
    assert client.get(reverse("catalog:manage_list")).status_code == 403
