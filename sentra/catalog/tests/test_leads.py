import pytest
from django.core import mail
from django.urls import reverse

from sentra.catalog import metrics
from sentra.catalog.models import Lead
from sentra.catalog.services import CatalogError, lead_set_status
from sentra.core.audit import history_for

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Hiroshi Tanaka",
    "company": "Tanaka Trading",
    "country": "Jepang",
    "email": "buyer@example.invalid",
    "quantity": "500",
    "message": "Kami tertarik mengimpor keripik tempe ke Osaka. Mohon info harga FOB.",
}


@pytest.fixture
def product(catalog_business, make_product, staff_user):
    staff_user.email = "staf@example.invalid"
    staff_user.save()
    return make_product(catalog_business())


def _post(client, product, data, ip="203.0.113.7", lang="id"):
    name = "catalog:inquiry_en" if lang == "en" else "catalog:inquiry"
    return client.post(reverse(name, args=[product.pk]), data, REMOTE_ADDR=ip)


def test_inquiry_becomes_a_lead_and_notifies_owner_and_staff(client, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, product, GOOD)
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.product, lead.business, lead.status, lead.quantity) == (product, product.business, "new", 500)
    assert lead.ip_hash and "203.0.113.7" not in lead.ip_hash
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"pemilik@example.invalid", "staf@example.invalid"}
    assert "Keripik Tempe Renyah" in mail.outbox[0].subject and "Osaka" in mail.outbox[0].body
    assert history_for(lead).filter(action="create", source="katalog").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Terima kasih! Pertanyaan Anda sudah kami teruskan" in page


def test_lead_status_flow(product, client, owner_user, staff_user):
    _post(client, product, GOOD)
    lead = Lead.objects.get()
    with pytest.raises(CatalogError, match="tidak dapat diubah"):
        lead_set_status(actor=staff_user, lead=lead, status="deal")  # must be contacted first
    client.force_login(owner_user)
    response = client.post(reverse("catalog:manage_lead_status", args=[lead.pk]), {"status": "contacted"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == "contacted"
    lead_set_status(actor=staff_user, lead=lead, status="deal")
    with pytest.raises(CatalogError):
        lead_set_status(actor=staff_user, lead=lead, status="lost")  # deal is final
    log = history_for(lead).filter(action="update").order_by("id")
    assert [entry.changes["status"] for entry in log] == [["new", "contacted"], ["contacted", "deal"]]
    assert [entry.actor for entry in log] == [owner_user, staff_user]


def test_owner_sees_only_own_leads(client, product, catalog_business, make_product, owner_user, django_user_model):
    other = django_user_model.objects.create_user(username="lain", password="x-12345-pw", role="owner")
    other_product = make_product(catalog_business(name="Batik Lain", user=other), name="Batik Lain")
    _post(client, product, GOOD)
    _post(client, other_product, {**GOOD, "name": "Pembeli Batik"}, ip="203.0.113.8")
    client.force_login(owner_user)
    body = client.get(reverse("catalog:manage_leads")).content.decode()
    assert "Hiroshi Tanaka" in body and "Pembeli Batik" not in body
    other_lead = Lead.objects.get(name="Pembeli Batik")
    response = client.post(reverse("catalog:manage_lead_status", args=[other_lead.pk]), {"status": "lost"})
    assert response.status_code == 404
    other_lead.refresh_from_db()
    assert other_lead.status == "new"


def test_rate_limit_per_ip_is_polite_and_keeps_the_message(client, product):
    for i in range(5):
        assert _post(client, product, {**GOOD, "name": f"Pembeli {i}"}).status_code == 302
    response = _post(client, product, {**GOOD, "message": "Pesan keenam yang tidak boleh hilang."})
    assert response.status_code == 429
    body = response.content.decode()
    assert "mohon coba lagi nanti" in body
    assert "Pesan keenam yang tidak boleh hilang." in body and 'value="Tanaka Trading"' in body
    assert Lead.objects.count() == 5
    assert _post(client, product, GOOD, ip="198.51.100.1").status_code == 302  # another address is not limited
    assert Lead.objects.count() == 6


def test_honeypot_is_refused_politely_and_keeps_input(client, product):
    response = _post(client, product, {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Pesan tidak dapat dikirim" in body and "Osaka" in body
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("message", "Halo", "Pesan terlalu pendek"),
        ("message", "x" * 2001, "Pesan terlalu panjang"),
        ("email", "bukan-email", "alamat email dengan format yang benar"),
        ("name", "", "Bidang ini harus diisi"),
    ],
)
def test_length_and_format_checks(client, product, field, value, message):
    response = _post(client, product, {**GOOD, field: value})
    assert response.status_code == 400
    body = response.content.decode()
    assert message.lower() in body.lower()
    assert "Tanaka Trading" in body
    assert not Lead.objects.exists()


def test_english_inquiry_gets_english_page(client, product):
    response = _post(client, product, {**GOOD, "message": "short"}, lang="en")
    assert response.status_code == 400
    assert response["Content-Language"] == "en"
    assert "Crispy Tempeh Chips" in response.content.decode()


def test_lead_metrics_per_product_and_business(client, product, staff_user):
    _post(client, product, GOOD)
    _post(client, product, {**GOOD, "name": "Kedua"})
    lead_set_status(actor=staff_user, lead=Lead.objects.get(name="Kedua"), status="contacted")
    [row] = metrics.leads_by_product()
    assert (row["product_id"], row["total"], row["new"], row["contacted"]) == (product.pk, 2, 1, 1)
    [row] = metrics.leads_by_business()
    assert (row["business_id"], row["total"], row["district_code"]) == (
        product.business_id,
        2,
        product.business.district_id,
    )
    totals = metrics.lead_totals()
    assert totals["total"] == 2 and totals["published_products"] == 1


def test_public_inquiry_needs_no_csrf_token_so_product_pages_can_be_cached(product):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(product.get_absolute_url("id"))
    assert "csrfmiddlewaretoken" not in page.content.decode() and not page.cookies
    response = _post(browser, product, GOOD)
    assert response.status_code == 302 and response["Location"].endswith("?terkirim=1#tanya")
    assert Lead.objects.count() == 1
    assert 'id="inquiry-sent"' in browser.get(response["Location"].split("#")[0]).content.decode()
