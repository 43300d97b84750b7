import pytest

from sentra.accounts.api_auth import token_issue


def _get(client, user, year=2026):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"} if user else {}
    return client.get(f"/api/v1/work-plans/{year}", **headers)


def test_staff_reads_the_plan_and_actual_follows_the_registry(client, staff_user, approved, make_business):
    body = _get(client, staff_user).json()
    assert body["year"] == 2026 and body["status"] == "approved"
    nib = next(i for i in body["indicators"] if i["figure"] == "with_nib")
    assert {"name", "unit", "baseline", "target", "actual", "figure"} <= set(nib)
    assert nib["name"] == "IKM ber-NIB" and nib["target"] == 10 and nib["actual"] == 0
    manual = next(i for i in body["indicators"] if i["name"] == "Indeks SKM")
    assert manual["figure"] is None and manual["actual"] == 75

    make_business(nib="1234567890123")
    make_business()  # no NIB: does not count
    nib = next(i for i in _get(client, staff_user).json()["indicators"] if i["figure"] == "with_nib")
    assert nib["actual"] == 1


def test_token_flow_from_the_contract(client, staff_user, approved):
    token = client.post(
        "/api/v1/auth/token", {"username": "t_staf", "password": "pw-test-12345"}, content_type="application/json"
    ).json()["token"]
    response = client.get("/api/v1/work-plans/2026", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["year"] == 2026


@pytest.mark.parametrize("who", ["owner_user", "partner_user", "dander_operator"])
def test_other_roles_are_refused(client, approved, who, request):
    response = _get(client, request.getfixturevalue(who))
    assert response.status_code == 403
    assert "indicators" not in response.json()


def test_anonymous_refused_and_unknown_year_404(client, staff_user, approved):
    assert _get(client, None).status_code == 401
    assert _get(client, staff_user, 2031).status_code == 404


def test_lost_figure_reads_as_null(client, staff_user, approved):
    from sentra.metrics import named

    figure = named.get("with_nib")
    named.unregister("with_nib")
    try:
        body = _get(client, staff_user).json()
    finally:
        named.register(figure.code, figure.label, figure.unit, figure.definition, figure.compute, public=figure.public)
    nib = next(i for i in body["indicators"] if i["name"] == "IKM ber-NIB")
    assert nib["actual"] is None and nib["figure"] == "with_nib" and nib["source_lost"] is True
