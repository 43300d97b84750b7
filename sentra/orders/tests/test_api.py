"""Orders API: the public list and summary (the public page's data, no personal data) and the allocation in
each caller's scope (a buyer never sees another office's lines)."""

import json

import pytest

from sentra.accounts.api_auth import token_issue
from sentra.orders import services
from sentra.orders.services import Line
from sentra.orders.testing import make_producer, make_round

pytestmark = pytest.mark.django_db

NIK = "3522011203900001"
PERSONAL = [NIK, "081299990001", "081299990002", "Jl. Rahasia No. 7", "Jl. Usaha Tersembunyi 9", "Pemilik Uji"]


@pytest.fixture
def world(make_business, staff_user, owner_user, django_user_model):
    rnd = make_round(title="Seragam Obor Sewu API", price_note="Rata-rata tiga penawaran IKM.")
    shirt = rnd.garments.get(name="Kemeja")
    named = make_business(
        district="Dander", sector="craft", name="Batik Terbuka", phone="081299990001", address="Jl. Usaha Tersembunyi 9"
    )
    owner = named.owner
    owner.nik, owner.phone, owner.address = NIK, "081299990002", "Jl. Rahasia No. 7"
    owner.user = owner_user
    owner.save()
    hidden = make_business(district="Kapas", sector="craft", name="Batik Tertutup")
    p_named = make_producer(rnd, named, {"Kemeja": 30, "Blus": 10}, name_public=True)
    p_hidden = make_producer(rnd, hidden, {"Kemeja": 10, "Blus": 10})
    buyer = django_user_model.objects.create_user(username="t_pembeli_api", password="x-12345678", role="buyer")
    from sentra.orders.models import Office

    mine = Office.objects.create(name="Dinas Pembeli API")
    mine.users.add(buyer)
    other = Office.objects.create(name="Dinas Lain API")
    services.needs_replace(actor=staff_user, round=rnd, office=mine, lines=[Line(shirt.pk, "cap", "M", 12)])
    services.needs_replace(actor=staff_user, round=rnd, office=other, lines=[Line(shirt.pk, "tulis", "L", 8)])
    rnd.refresh_from_db()
    services.round_allocate(actor=staff_user, round=rnd, expected_version=rnd.version)
    draft = make_round(title="Putaran Draf API", status="draft")
    return {
        "round": rnd,
        "draft": draft,
        "named": p_named,
        "hidden": p_hidden,
        "buyer": buyer,
        "mine": mine,
        "other": other,
        "staff": staff_user,
        "owner": owner_user,
    }


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"}


def _no_personal_data(response):
    text = json.dumps(response.json(), ensure_ascii=False)
    for value in PERSONAL:
        assert value not in text, value


def test_public_list_shows_rounds_but_no_drafts(client, world):
    response = client.get("/api/v1/order-rounds")
    assert response.status_code == 200
    body = response.json()
    assert [r["title"] for r in body["results"]] == ["Seragam Obor Sewu API"]
    assert body["results"][0]["status"] == "allocated" and body["results"][0]["payer"] == "office"
    assert client.get("/api/v1/order-rounds?page_size=0").status_code == 400


def test_public_summary_is_the_public_page_data_without_personal_data(client, world):
    response = client.get(f"/api/v1/order-rounds/{world['round'].pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Seragam Obor Sewu API" and body["price_note"] == "Rata-rata tiga penawaran IKM."
    assert "Sainte-Laguë" in body["rule"]["method"] and body["rule"]["min_batch"] == 1
    assert {"garment": "Kemeja", "unit": "potong", "technique": "tulis", "unit_price": 450_000} in body["prices"]
    # 20 shirts over capacities 30 and 10 → 15 and 5; one producer per kecamatan
    assert [(d["name"], d["producers"], d["pieces"]) for d in body["districts"]] == [("Dander", 1, 15), ("Kapas", 1, 5)]
    assert body["districts"][0]["code"] == world["named"].business.district_id
    assert sum(d["pieces"] for d in body["districts"]) == 20
    # only the producer whose owner agreed is named; the other is counted
    assert body["producers"] == [{"name": "Batik Terbuka", "district": "Dander", "pieces": 15}]
    assert body["producers_unnamed"] == 1
    assert "Batik Tertutup" not in response.content.decode()
    _no_personal_data(response)
    # the page shows the same figures
    page = client.get(f"/pesanan/umum/{world['round'].pk}/").content.decode()
    assert "Batik Terbuka (Dander): 15" in page and "Batik Tertutup" not in page


def test_public_summary_of_a_draft_or_unknown_round_is_404(client, world):
    for pk in (world["draft"].pk, 999_999):
        response = client.get(f"/api/v1/order-rounds/{pk}")
        assert response.status_code == 404 and response.json()["detail"] == "Putaran tidak ditemukan."


def test_allocation_for_a_buyer_holds_only_its_own_office(client, world):
    url = f"/api/v1/order-rounds/{world['round'].pk}/allocation"
    response = client.get(url, **_bearer(world["buyer"]))
    assert response.status_code == 200
    lines = response.json()["results"]
    assert lines and {ln["office"] for ln in lines} == {"Dinas Pembeli API"}
    assert sum(ln["pieces"] for ln in lines) == 12
    assert all(ln["amount"] == ln["pieces"] * 200_000 for ln in lines)
    assert "Dinas Lain API" not in response.content.decode()
    # asking for the other office by id gives nothing
    other = client.get(f"{url}?instansi={world['other'].pk}", **_bearer(world["buyer"])).json()
    assert other["count"] == 0 and other["results"] == []
    _no_personal_data(response)
    # a draft round does not exist for a buyer
    assert (
        client.get(f"/api/v1/order-rounds/{world['draft'].pk}/allocation", **_bearer(world["buyer"])).status_code == 404
    )


def test_allocation_for_staff_holds_every_office_and_filters(client, world):
    url = f"/api/v1/order-rounds/{world['round'].pk}/allocation"
    body = client.get(url, **_bearer(world["staff"])).json()
    assert {ln["office"] for ln in body["results"]} == {"Dinas Pembeli API", "Dinas Lain API"}
    assert sum(ln["pieces"] for ln in body["results"]) == 20
    assert {ln["producer"] for ln in body["results"]} == {"Batik Terbuka", "Batik Tertutup"}
    only = client.get(f"{url}?instansi={world['other'].pk}", **_bearer(world["staff"])).json()
    assert {ln["office"] for ln in only["results"]} == {"Dinas Lain API"}
    bad = client.get(f"{url}?instansi=abc", **_bearer(world["staff"]))
    assert bad.status_code == 400 and "instansi" in bad.json()["errors"]
    assert client.get("/api/v1/order-rounds/999999/allocation", **_bearer(world["staff"])).status_code == 404
    for value in PERSONAL:
        assert value not in json.dumps(body, ensure_ascii=False)


def test_allocation_is_refused_to_anonymous_and_other_roles(client, world):
    url = f"/api/v1/order-rounds/{world['round'].pk}/allocation"
    assert client.get(url).status_code in (401, 403)
    response = client.get(url, **_bearer(world["owner"]))
    assert response.status_code == 403 and "Batik" not in response.content.decode()


def test_orders_endpoints_are_documented(client):
    schema = client.get("/api/v1/schema?format=json").json()
    paths = schema["paths"]
    assert {"/api/v1/order-rounds", "/api/v1/order-rounds/{id}", "/api/v1/order-rounds/{id}/allocation"} <= set(paths)
    assert "404" in paths["/api/v1/order-rounds/{id}"]["get"]["responses"]
    allocation = paths["/api/v1/order-rounds/{id}/allocation"]["get"]
    assert {"401", "403", "404"} <= set(allocation["responses"])
    assert {"instansi", "page", "page_size"} <= {p["name"] for p in allocation["parameters"]}


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "99999999999999999999", "null,null", "٣"])
def test_bad_round_ids_are_json_404(client, world, bad):
    response = client.get(f"/api/v1/order-rounds/{bad}")
    assert response.status_code == 404 and response.json()["detail"] == "Putaran tidak ditemukan."
    response = client.get(f"/api/v1/order-rounds/{bad}/allocation", **_bearer(world["staff"]))
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
