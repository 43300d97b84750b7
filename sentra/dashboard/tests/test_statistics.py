import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from sentra.registry.services import business_save


@pytest.fixture
def back_to_default_language():
    """The locale middleware leaves the language of the last request active in the thread; put the default
    back so later tests (e.g. figure labels in test_figures) do not run in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_statistics_api_contract(client, make_business):
    make_business(district="Dander", sector="food_beverage", nib="1234567890123")
    make_business(district="Dander", sector="craft")
    make_business(district="Kapas", sector="craft", nib="1234567890124")
    closed = make_business(district="Kapas", sector="craft")
    business_save(actor=None, business=closed, business_data={"status": "closed"})
    data = client.get("/api/v1/statistics").json()
    assert data["total"] == 3  # closed businesses are not counted
    assert data["districts"] == 2
    assert data["with_nib"] == 2
    assert {row["code"]: row["count"] for row in data["by_sector"]} == {"food_beverage": 1, "craft": 2}
    assert {"code", "label", "count"} <= set(data["by_sector"][0])
    dander = next(row for row in data["by_district"] if row["name"] == "Dander")
    # kecamatan counts are exact; 1 of 2 with an NIB is a small number: null, and the row says so
    assert dander == {
        **dander,
        "code": "35.22.06",
        "count": 2,
        "with_nib": None,
        "suppressed": ["with_nib", "nib_coverage"],
    }
    assert len(data["by_district"]) == 28
    # with the demo data nothing is small at that level: every with_nib is an int (test_disclosure_lp)


def test_statistics_carry_no_personal_data(client, make_business):
    b = make_business(district="Dander")
    business_save(
        actor=None,
        business=b,
        business_data={"phone": "+6281234567890", "address": "Jl. Rahasia 7"},
        owner_data={"name": "Siti Rahasia", "nik": "3522015203850001", "address": "Jl. Rahasia 7"},
    )
    for url in ["/api/v1/statistics", reverse("dashboard:public_statistics")]:
        body = client.get(url).content.decode()
        for secret in ["3522015203850001", "Rahasia", "81234567890", b.name]:
            assert secret not in body, (url, secret)


def test_public_page_uses_indonesian_number_formatting(client, reference_data):
    from sentra.registry.demo import seed_demo

    seed_demo()
    html = client.get(reverse("dashboard:public_statistics")).content.decode()
    assert "1.762 IKM" in html and "28 kecamatan" in html
    assert "(76,6%)" in html


def test_public_page_switches_to_english(client, reference_data, back_to_default_language):
    client.post(reverse("set_language"), {"language": "en", "next": "/statistik/"})
    html = client.get(reverse("dashboard:public_statistics")).content.decode()
    assert '<html lang="en">' in html
    assert "IKM statistics of Kabupaten Bojonegoro" in html
    assert "of them hold an NIB" in html
