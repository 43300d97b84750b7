from urllib.parse import parse_qs, unquote, urlparse

import pytest
from django.urls import reverse

from sentra.catalog.models import ProducerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(catalog_business, make_product):
    return make_product(catalog_business(), feature=True)


def test_home_shows_featured_products_and_categories(client, product):
    body = client.get("/katalog/").content.decode()
    assert "Keripik Tempe Renyah" in body
    assert "/katalog/produk/?category=batik" in body
    assert 'hreflang="en" href="http://testserver/en/catalog/"' in body


def test_english_catalog_has_english_text_and_urls(client, product):
    response = client.get("/en/catalog/")
    assert response["Content-Language"] == "en"
    body = response.content.decode()
    assert '<html lang="en">' in body and "Crispy Tempeh Chips" in body and "All products" in body
    assert "/en/catalog/products/" in body and 'id="lang-switch"' in body
    page = client.get(product.get_absolute_url("en")).content.decode()
    assert "Ask the producer" in page and "Minimum order" in page
    href = page.split('id="whatsapp" href="')[1].split('"')[0].replace("&amp;", "&")
    text = parse_qs(urlparse(href).query)["text"][0]
    assert text.startswith("Hello Keripik Bu Sari, I am interested in your product “Crispy Tempeh Chips”")


def test_site_language_is_untouched_outside_the_catalog(client, product):
    client.get("/en/catalog/")
    assert '<html lang="id">' in client.get("/statistik/").content.decode()


def test_wrong_slug_redirects_to_the_canonical_url(client, product):
    response = client.get(f"/katalog/produk/{product.pk}-nama-lama/")
    assert response.status_code == 301 and response["Location"] == product.get_absolute_url("id")
    assert product.get_absolute_url("en").endswith(f"/en/catalog/products/{product.pk}-crispy-tempeh-chips/")


def test_opengraph_tags_for_sharing(client, product):
    body = client.get(product.get_absolute_url("id")).content.decode()
    assert '<meta property="og:type" content="product">' in body
    assert '<meta property="og:title" content="Keripik Tempe Renyah — Keripik Bu Sari">' in body
    assert f'<meta property="og:url" content="http://testserver{product.get_absolute_url("id")}">' in body
    assert 'property="og:description" content="Keripik tempe tipis' in body


def test_sitemap_and_robots(client, product, make_product, catalog_business):
    draft = make_product(catalog_business(name="Draf"), name="Produk Draf", publish=False)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{product.get_absolute_url('id')}" in sitemap
    assert f"http://testserver{product.get_absolute_url('en')}" in sitemap
    assert f"/produk/{draft.pk}-" not in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    assert "Disallow: /katalog/kelola/" in robots.content.decode()


def test_qr_code_and_printable_label(client, product):
    response = client.get(reverse("catalog:qr", args=[product.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    label = client.get(reverse("catalog:label", args=[product.pk])).content.decode()
    assert "<svg" in label and "Keripik Tempe Renyah" in label and "Halal" in label


def test_producer_page_contact_and_story(client, product):
    ProducerProfile.objects.create(
        business=product.business, story="Usaha keluarga sejak 1998.", story_en="Family business since 1998."
    )
    body = client.get(f"/katalog/produsen/{product.business_id}/").content.decode()
    assert "Usaha keluarga sejak 1998." in body and "wa.me/6281234567890" in body
    body_en = client.get(f"/en/catalog/producers/{product.business_id}/").content.decode()
    assert "Family business since 1998." in body_en


def test_producer_without_public_products_is_not_found(client, catalog_business):
    assert client.get(f"/katalog/produsen/{catalog_business().pk}/").status_code == 404


def test_no_whatsapp_button_without_consent(client, catalog_business, make_product):
    product = make_product(catalog_business(name="Tanpa WA", phone_public=False))
    body = client.get(product.get_absolute_url("id")).content.decode()
    assert 'id="whatsapp"' not in body and 'id="tanya"' in body


def test_listing_pages_without_counting_and_ignores_bad_filters(client, catalog_business, make_product):
    business = catalog_business()
    for i in range(26):
        make_product(business, name=f"Produk {i:02d}")
    first = client.get("/katalog/produk/").content.decode()
    assert first.count('class="card"') == 24 and 'rel="next"' in first
    second = client.get("/katalog/produk/?page=2").content.decode()
    assert second.count('class="card"') == 2 and 'rel="prev"' in second and 'rel="next"' not in second
    bad = client.get("/katalog/produk/?price_max=murah&category=xyz")
    assert bad.status_code == 200
    assert "Masukkan bilangan bulat" in unquote(bad.content.decode()) or "bilangan" in bad.content.decode()
