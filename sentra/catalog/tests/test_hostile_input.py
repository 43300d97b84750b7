"""Issue 17, point 3: input that used to give a 500 gets a clear message (on SQLite and PostgreSQL)."""

import pytest


@pytest.fixture
def published(catalog_business, make_product):
    return make_product(catalog_business())


def test_a_huge_price_max_is_a_form_error_not_a_500(client, published):
    response = client.get("/katalog/produk/?price_max=99999999999999999999")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Harga maksimal (Rp): Pastikan nilai ini lebih kecil dari atau sama dengan" in page
    assert "Keripik Tempe Renyah" in page  # the listing still shows, unfiltered
    api = client.get("/api/v1/products?price_max=99999999999999999999")
    assert api.status_code in {200, 400}


@pytest.mark.parametrize(
    "url",
    [
        "/katalog/produk/?q=%00",
        "/katalog/produk/?q=kopi%00",
        "/en/catalog/products/?q=%00",
        "/api/v1/products?q=%00",
        "/ikm/?q=%00",
    ],
)
def test_a_nul_character_in_a_query_is_refused_with_a_message(client, published, staff_user, url):
    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()


def test_a_nul_character_in_a_form_or_json_body_is_refused(client, published, staff_user):
    response = client.post("/akun/masuk/", {"username": "t_staf\x00", "password": "x"})
    assert response.status_code == 400 and "karakter NUL" in response.content.decode()
    response = client.post(
        "/api/v1/auth/token", '{"username": "a\\u0000", "password": "b"}', content_type="application/json"
    )
    assert response.status_code == 400


def test_ordinary_queries_still_pass(client, published):
    assert client.get("/katalog/produk/?q=keripik").status_code == 200
    assert client.get("/katalog/produk/?q=100%25").status_code == 200
