"""Issue 17, point 6: a request with another port in its Host header cannot put its links into the pages
served to everyone."""

import pytest


@pytest.fixture
def published(catalog_business, make_product):
    return make_product(catalog_business())


def test_the_page_cache_is_keyed_by_the_host_with_its_port(client, published, settings):
    settings.ALLOWED_HOSTS = ["katalog.example.id"]
    poisoned = client.get("/katalog/produk/", HTTP_HOST="katalog.example.id:8666")
    assert poisoned.status_code == 200 and "katalog.example.id:8666" in poisoned.content.decode()
    clean = client.get("/katalog/produk/", HTTP_HOST="katalog.example.id")
    assert clean.status_code == 200
    assert ":8666" not in clean.content.decode()
