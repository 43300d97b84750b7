"""A district operator sees and edits only IKM of their kecamatan, in every registry surface."""

import pytest

from sentra.registry.models import Business


@pytest.fixture
def two_businesses(make_business):
    return make_business(district="Dander", name="Ledre Dander"), make_business(district="Kapas", name="Batik Kapas")


def test_operator_list_and_search_show_only_their_kecamatan(client, dander_operator, two_businesses):
    client.force_login(dander_operator)
    page = client.get("/ikm/").content.decode()
    assert "Ledre Dander" in page and "Batik Kapas" not in page
    searched = client.get("/ikm/", {"q": "Batik"}).content.decode()
    assert "Batik Kapas" not in searched
    filtered = client.get("/ikm/", {"kecamatan": "Kapas"}).content.decode()
    assert "Batik Kapas" not in filtered


def test_operator_cannot_open_or_edit_another_kecamatan(client, dander_operator, two_businesses):
    _, kapas = two_businesses
    client.force_login(dander_operator)
    assert client.get(f"/ikm/{kapas.pk}/").status_code == 404
    assert client.get(f"/ikm/{kapas.pk}/ubah/").status_code == 404
    response = client.post(f"/ikm/{kapas.pk}/ubah/", {"name": "Diambil alih"})
    assert response.status_code == 404
    kapas.refresh_from_db()
    assert kapas.name == "Batik Kapas"


def test_operator_cannot_create_in_another_kecamatan(client, dander_operator, reference_data):
    client.force_login(dander_operator)
    response = client.post(
        "/ikm/baru/",
        {
            "name": "Usaha Selundupan",
            "sector": "food_beverage",
            "district": "35.22.05",  # not Dander
            "workers_male": 1,
            "workers_female": 0,
            "market_reach": "local",
            "status": "active",
            "registered_on": "2025-01-01",
            "owner-name": "Pemilik",
            "permits-TOTAL_FORMS": 0,
            "permits-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert not Business.objects.filter(name="Usaha Selundupan").exists()
    assert "Usaha Selundupan" in response.content.decode()  # what was typed is kept


def test_operator_edits_own_kecamatan(client, dander_operator, two_businesses):
    dander, _ = two_businesses
    client.force_login(dander_operator)
    page = client.get(f"/ikm/{dander.pk}/ubah/")
    assert page.status_code == 200
