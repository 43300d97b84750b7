import pytest

from sentra.accounts.models import ApiToken

NIK = "3522014509800001"


@pytest.fixture
def registry(make_business):
    dander = make_business(district="Dander", name="Ledre Dander", nib="1234567890123")
    dander.owner.nik = NIK
    dander.owner.address = "Jl. Rahasia 7"
    dander.owner.save()
    kapas = make_business(district="Kapas", name="Batik Kapas")
    return dander, kapas


def _token(client, username):
    response = client.post(
        "/api/v1/auth/token", {"username": username, "password": "pw-test-12345"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_token_then_bearer_lists_what_the_caller_may_see(client, dander_operator, staff_user, registry):
    token = _token(client, "t_op_dander")
    assert ApiToken.objects.get().key_hash != token  # only the hash is stored
    response = client.get("/api/v1/businesses", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["name"] == "Ledre Dander" and item["district_code"] == registry[0].district_id
    assert {"id", "name", "district_code", "sector", "has_nib"} <= set(item)
    assert item["has_nib"] is True
    assert NIK not in response.content.decode() and "Rahasia" not in response.content.decode()

    staff_token = _token(client, "t_staf")
    assert client.get("/api/v1/businesses", HTTP_AUTHORIZATION=f"Bearer {staff_token}").json()["count"] == 2


def test_owner_sees_only_their_business_and_partner_none(client, owner_user, partner_user, registry):
    dander, _ = registry
    dander.owner.user = owner_user
    dander.owner.save()
    token = _token(client, "t_owner")
    body = client.get("/api/v1/businesses", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [r["name"] for r in body["results"]] == ["Ledre Dander"]
    token = _token(client, "t_mitra")
    assert client.get("/api/v1/businesses", HTTP_AUTHORIZATION=f"Bearer {token}").json()["count"] == 0


def test_operator_cannot_widen_the_list_with_a_filter(client, dander_operator, registry):
    token = _token(client, "t_op_dander")
    body = client.get("/api/v1/businesses?kecamatan=Kapas", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["count"] == 0


@pytest.mark.parametrize("header", ["Bearer", "Bearer salah", "Bearer a b", "Token xyz"])
def test_bad_or_missing_token_is_refused(client, registry, header):
    response = client.get("/api/v1/businesses", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_expired_token_is_refused(client, staff_user, registry):
    token = _token(client, "t_staf")
    ApiToken.objects.update(expires_at="2000-01-01T00:00:00Z")
    response = client.get("/api/v1/businesses", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401 and "kedaluwarsa" in response.json()["detail"]


def test_wrong_password_gets_no_token(client, staff_user):
    response = client.post("/api/v1/auth/token", {"username": "t_staf", "password": "salah"})
    assert response.status_code == 400 and "salah" in response.json()["detail"]
    assert not ApiToken.objects.exists()
