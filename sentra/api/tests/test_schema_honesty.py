"""What issue 21 found wrong in /api/v1/schema, checked against real responses; and the rate limits."""

import pytest
from django.urls import reverse

from sentra.accounts.api_auth import token_issue


@pytest.fixture
def schema(client):
    return client.get("/api/v1/schema?format=json").json()


def _ok(schema, path):
    return schema["paths"][path]["get"]["responses"]


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_lists_are_documented_as_the_pages_they_return(schema):
    for path in ("/api/v1/businesses", "/api/v1/products", "/api/v1/programs", "/api/v1/sessions",
                 "/api/v1/open-data"):  # fmt: skip
        body = _resolve(schema, _ok(schema, path)["200"]["content"]["application/json"]["schema"])
        assert body["type"] == "object" and set(body["properties"]) == {"count", "next", "previous", "results"}
        assert body["properties"]["results"]["type"] == "array", path
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"page", "page_size"} <= names, path
        assert {"400", "404", "429"} <= set(_ok(schema, path)), path


def test_statistics_schema_names_every_key_and_allows_the_national_null(client, schema, reference_data):
    doc = _resolve(schema, _ok(schema, "/api/v1/statistics")["200"]["content"]["application/json"]["schema"])
    regency = client.get("/api/v1/statistics").json()
    national = client.get("/api/v1/statistics?tingkat=nasional").json()
    assert set(doc["properties"]) == set(regency) == set(national)
    assert len(doc["properties"]) == 15
    assert national["regency"] is None and doc["properties"]["regency"]["nullable"] is True
    assert set(doc["required"]) == set(regency)
    assert "400" in _ok(schema, "/api/v1/statistics")


def test_the_tingkat_enum_is_enforced(client, reference_data):
    response = client.get("/api/v1/statistics?tingkat=provinsi")
    assert response.status_code == 400
    assert response.json()["errors"]["tingkat"] == ["Pilihan: nasional."]


def test_open_data_unknown_dataset_is_a_documented_json_404(client, schema):
    response = client.get("/api/v1/open-data/tidak-ada")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert "404" in _ok(schema, "/api/v1/open-data/{dataset}")


def test_open_data_rows_filter_by_kecamatan(client, make_business):
    make_business(district="Dander")
    rows = client.get("/api/v1/open-data/ikm-kecamatan-sektor?kecamatan=35.22.05").json()["data"]
    assert rows and {r["kode_kecamatan"] for r in rows} == {"35.22.05"}
    listed = client.get(reverse("api:open_data_list")).json()
    assert listed["count"] == 3 and listed["results"][0]["url"].startswith("http://testserver/api/v1/open-data/")


def test_rate_limits_per_address_and_per_token(client, settings, staff_user, django_user_model, reference_data):
    settings.SENTRA_API_RATE_ANON = "3/min"
    settings.SENTRA_API_RATE_TOKEN = "2/min"
    for _ in range(3):
        assert client.get("/api/v1/statistics").status_code == 200
    limited = client.get("/api/v1/statistics")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0 and limited.json()["detail"]

    first = token_issue(user=staff_user)
    second = token_issue(user=django_user_model.objects.create_user("t_staf2", password="x" * 12, role="staff"))
    for _ in range(2):
        assert client.get("/api/v1/businesses", HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 200
    assert client.get("/api/v1/businesses", HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 429
    # another token has its own budget
    assert client.get("/api/v1/businesses", HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200
