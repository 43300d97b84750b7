"""Row-level scope and personal data on the engagement pages, checked on the content returned."""

import pytest
from django.urls import reverse

from sentra.engagement.models import Idea
from sentra.engagement.services import idea_create
from sentra.engagement.testing import authorization_objects


@pytest.fixture
def cast(make_business, owner_user, django_user_model, staff_user, dander_operator, kapas_operator):
    business = make_business(district="Dander", name="Ledre Bu Siti")
    business.owner.user = owner_user
    business.owner.name = "Siti Pemilik Rahasia"
    business.owner.phone = "+6281299990000"
    business.owner.save()
    other = django_user_model.objects.create_user(username="t_owner2", password="pw-test-12345", role="owner")
    cast = {"business": business, "users": {"owner": owner_user, "owner_other": other}}
    objects = authorization_objects(cast)
    kapas_business = make_business(district="Kapas", name="Usaha Kapas")
    kapas_idea = idea_create(
        actor=kapas_operator, data={"category": "peralatan", "text": "Idea Kapas"}, business=kapas_business
    )
    return {**cast, **objects, "kapas_idea": kapas_idea}


def _html(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_operators_see_only_their_kecamatan(client, cast, dander_operator, kapas_operator, staff_user):
    url = reverse("engagement:idea_list")
    dander = _html(client, dander_operator, url)
    assert "Idea matriks" in dander and "Idea Kapas" not in dander
    kapas = _html(client, kapas_operator, url)
    assert "Idea Kapas" in kapas and "Idea matriks" not in kapas
    staff = _html(client, staff_user, url)
    assert "Idea Kapas" in staff and "Idea matriks" in staff
    # operators read but do not decide: no status form
    detail = _html(client, dander_operator, reverse("engagement:idea_detail", args=[cast["idea"].pk]))
    assert "Idea matriks" in detail and "Ubah status" not in detail and "wa.me" not in detail


def test_owners_see_only_their_own_ideas(client, cast, owner_user):
    mine = _html(client, owner_user, reverse("engagement:my_ideas"))
    assert "Idea matriks" in mine
    theirs = _html(client, cast["users"]["owner_other"], reverse("engagement:my_ideas"))
    assert "Idea matriks" not in theirs and "Belum ada usulan." in theirs


def test_public_pages_carry_no_names_or_contacts(client, cast):
    for url in [
        reverse("engagement:ideas_public"),
        reverse("engagement:survey_home"),
        reverse("engagement:survey_result"),
        reverse("engagement:survey_form", args=[cast["period"].token]),
    ]:
        html = _html(client, None, url)
        for private in ("Siti Pemilik Rahasia", "Ledre Bu Siti", "81299990000", "t_owner"):
            assert private not in html, (url, private)
    assert "Idea matriks" in _html(client, None, reverse("engagement:ideas_public"))  # consent given
    assert "Idea Kapas" not in _html(client, None, reverse("engagement:ideas_public"))  # no consent
    result = _html(client, None, reverse("engagement:survey_result"))
    assert "Periode Matriks" in result and "75.00" in result  # 3 answers of all 3 → 75


def test_staff_report_splits_anonymous_and_owner_answers(client, cast, staff_user, owner_user):
    from sentra.engagement.services import survey_submit

    period = cast["period"]
    service = period.services.order_by("order").first()
    profile = {"age_band": "30-39", "sex": "P", "education": "sma", "occupation": "usaha"}
    survey_submit(period=period, service=service, scores=[4] * 9, profile=profile, user=owner_user)
    html = _html(client, staff_user, reverse("engagement:period_report", args=[period.pk]))
    assert "3 anonim, 1 masuk sebagai pemilik" in html
    assert "Siti Pemilik Rahasia" not in html and owner_user.username not in html.split("Keluar")[-1]


def test_transition_by_post_as_operator_changes_nothing(client, cast, dander_operator):
    client.force_login(dander_operator)
    response = client.post(reverse("engagement:idea_transition", args=[cast["idea"].pk]), {"status": "ditinjau"})
    assert response.status_code == 403
    assert Idea.objects.get(pk=cast["idea"].pk).status == "diterima"


def test_public_api_is_aggregate_only(client, cast):
    data = client.get("/api/v1/skm").json()
    assert data["period"]["name"] == "Periode Matriks"
    assert data["index"] == 75.0 and data["grade"] == "C" and data["respondents"] == 3
    assert [e["code"] for e in data["elements"]] == [f"U{i}" for i in range(1, 10)]
    small = [s for s in data["services"] if s["respondents"] == 0]
    assert small and all(s["index"] is None for s in small)
    summary = client.get("/api/v1/ideas/summary").json()
    assert summary["total"] == 2
    assert next(c["count"] for c in summary["by_category"] if c["code"] == "legalitas") == 1
    body = client.get("/api/v1/skm").content.decode() + client.get("/api/v1/ideas/summary").content.decode()
    for private in ("Siti Pemilik Rahasia", "Ledre Bu Siti", "81299990000", "Idea matriks"):
        assert private not in body
