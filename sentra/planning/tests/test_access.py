"""Content checks behind the matrix: who sees the plan's figures, and that refusals show none of them."""

import pytest

from sentra.planning.testing import authorization_objects

PAGES = ["/rencana/", "/rencana/2026/", "/rencana/2026/triwulan/1/", "/rencana/2026/tinjauan/"]


@pytest.fixture
def cast(staff_user, admin_user, owner_user, partner_user, dander_operator):
    cast = {"users": {"staff": staff_user}}
    authorization_objects(cast)
    return {
        "admin": admin_user,
        "staff": staff_user,
        "owner": owner_user,
        "partner": partner_user,
        "op": dander_operator,
    }


@pytest.mark.parametrize("role", ["admin", "staff"])
def test_office_sees_the_plan(client, cast, role):
    client.force_login(cast[role])
    for url in PAGES[1:]:
        html = client.get(url).content.decode()
        assert "Indikator Matriks" in html, url
    assert "Rencana Matriks" in client.get(PAGES[0]).content.decode()


@pytest.mark.parametrize("role", ["owner", "partner", "op", None])
def test_others_see_nothing_of_it(client, cast, role):
    if role:
        client.force_login(cast[role])
    for url in PAGES:
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Indikator Matriks" not in response.content.decode()
    xlsx = client.get("/rencana/2026/triwulan/1.xlsx")
    assert xlsx.status_code in (302, 403) and not xlsx.content.startswith(b"PK")
