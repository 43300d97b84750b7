"""Content checks behind the matrix: the partner sees its own commitments and agreements, never another
organisation's, never contacts; other roles see nothing of it."""

import pytest

from sentra.partners.testing import authorization_objects
from sentra.programs.testing import authorization_objects as programs_objects


@pytest.fixture
def objects(staff_user, partner_user, make_business):
    cast = {"users": {"staff": staff_user, "partner": partner_user}, "business": make_business()}
    programs_objects(cast)
    return authorization_objects(cast)


def test_partner_sees_its_own_only(client, partner_user, objects):
    client.force_login(partner_user)
    html = client.get("/kemitraan/").content.decode()
    assert "Komitmen Matriks" in html and "Komitmen Lain" not in html and "Pemberitahuan Matriks" not in html
    assert client.get(f"/kemitraan/mitra/{objects['other_org'].pk}/").status_code == 404
    assert client.get(f"/kemitraan/komitmen/{objects['other'].pk}/serahkan/").status_code == 404
    assert "Perjanjian Matriks" in client.get(f"/kemitraan/mitra/{objects['organisation'].pk}/").content.decode()


def test_office_sees_all(client, staff_user, objects):
    client.force_login(staff_user)
    html = client.get("/kemitraan/").content.decode()
    assert "Komitmen Matriks" in html and "Komitmen Lain" in html and "Pemberitahuan Matriks" in html


@pytest.mark.parametrize("who", ["owner_user", "dander_operator", None])
def test_others_see_nothing(client, objects, who, request):
    if who:
        client.force_login(request.getfixturevalue(who))
    for url in ["/kemitraan/", f"/kemitraan/mitra/{objects['organisation'].pk}/", "/kemitraan/perjanjian/"]:
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Komitmen Matriks" not in response.content.decode()
