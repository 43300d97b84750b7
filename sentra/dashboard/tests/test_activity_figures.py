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


def test_dashboard_lists_leads_per_product_and_per_business_without_buyer_details(
    client, staff_user, make_business, make_product
):
    batik = make_business(district="Dander", name="Batik Jonegoroan")
    tempe = make_business(district="Kapas", name="Tempe Sari")
    kain = make_product(batik, name="Kain Batik Tulis")
    keripik = make_product(tempe, name="Keripik Tempe")
    for status in ("new", "contacted", "deal"):
        Lead.objects.create(
            business=batik,
            product=kain,
            name="Aisyah Rahman",
            country="Malaysia",
            email="aisyah@example.my",
            message="Halo",
            status=status,
        )
    Lead.objects.create(
        business=tempe,
        product=keripik,
        name="Tan",
        country="Singapura",
        email="tan@example.sg",
        message="Halo",
        status="lost",
    )
    client.force_login(staff_user)
    html = client.get(reverse("dashboard:staff")).content.decode()
    products = html[html.index('id="leads-products"') : html.index('id="leads-businesses"')]
    # the most asked-about product first, with its count per status
    assert products.index("Kain Batik Tulis") < products.index("Keripik Tempe")
    row = products[products.index("Kain Batik Tulis") :].split("</tr>")[0]
    assert [c.split("<")[0] for c in row.split('class="num">')[1:]] == ["3", "1", "1", "1", "0"]
    businesses = html[html.index('id="leads-businesses"') :]
    assert "Batik Jonegoroan" in businesses and "Tempe Sari" in businesses
    assert "Aisyah" not in html and "aisyah@example.my" not in html


def test_public_statistics_show_training_figures_but_not_leads(client, make_business):
    _lead(make_business(district="Dander"), "deal")
    html = client.get(reverse("dashboard:public_statistics")).content.decode()
    assert 'data-figure="ikm_trained"' in html and 'data-figure="published_products"' in html
    assert 'data-figure="leads_total"' not in html and 'data-figure="leads_deal"' not in html
