from django.urls import reverse

from sentra.catalog.models import Lead
from sentra.metrics.activity import ACTIVITY_FIGURES, activity_figures


def _lead(business, status):
    return Lead.objects.create(
        business=business, name="Buyer", country="Malaysia", email="b@example.com", message="Halo", status=status
    )


def test_activity_figures_count_leads_and_training(make_business):
    business = make_business(district="Dander")
    _lead(business, "new")
    _lead(business, "deal")
    values = {a.figure.name: a.value for a in activity_figures(2026)}
    assert values["leads_total"] == 2 and values["leads_deal"] == 1
    assert values["ikm_trained"] == 0 and values["new_entrepreneurs"] == 0
    assert list(values) == [f.name for f in ACTIVITY_FIGURES]
    assert all(f.definition for f in ACTIVITY_FIGURES)


def test_staff_dashboard_shows_activity_cards(client, staff_user, dander_operator, make_business):
    _lead(make_business(district="Dander"), "deal")
    client.force_login(staff_user)
    html = client.get(reverse("dashboard:staff")).content.decode()
    assert 'data-figure="leads_deal">1<' in html
    assert reverse("catalog:manage_leads") in html
    client.force_login(dander_operator)  # operators see the figures, not the office-only links
    html = client.get(reverse("dashboard:staff")).content.decode()
    assert 'data-figure="leads_total">1<' in html
    assert reverse("catalog:manage_leads") not in html
