"""The product form's business picker: searchable, shows the kecamatan, scoped to the user, works without JS."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from sentra.catalog import selectors
from sentra.catalog.models import Product

NEW = reverse("catalog:manage_product_new")
OPTIONS = reverse("catalog:manage_business_options")


def _options(html: str) -> list[str]:
    select = re.search(r'<select name="business".*?</select>', html, re.S)
    return re.findall(r"<option [^>]*>([^<]*)</option>", select.group(0) if select else html)


def _product(business_pk) -> dict:
    return {
        "business": business_pk,
        "name": "Sambal Roa",
        "name_en": "Smoked Fish Chili Sauce",
        "category": "seasoning",
        "description": "Sambal ikan roa.",
        "description_en": "Chili sauce with smoked fish.",
        "price_min": "20000",
        "price_max": "25000",
        "unit": "botol",
        "min_order": "12",
    }


@pytest.fixture
def businesses(make_business):
    made = {
        "ledre": make_business(name="Ledre Super Dander", district="Dander"),
        "batik": make_business(name="Batik Jonegoroan", district="Kapas"),
        "tempe": make_business(name="Keripik Tempe Kapas", district="Kapas"),
    }
    return made


def test_staff_picker_shows_the_kecamatan_and_narrows_without_js(client, staff_user, businesses):
    client.force_login(staff_user)
    page = client.get(NEW).content.decode()
    options = _options(page)
    assert options[0] == "— pilih dari 3 usaha —"
    assert "Ledre Super Dander — Dander" in options and "Batik Jonegoroan — Kapas" in options
    assert 'id="business-search"' in page and 'name="usaha"' in page  # the plain GET search form
    # the search form reloads the page with ?usaha=…: a name word, or a kecamatan
    assert _options(client.get(NEW, {"usaha": "ledre"}).content.decode())[1:] == ["Ledre Super Dander — Dander"]
    kapas = _options(client.get(NEW, {"usaha": "kapas"}).content.decode())
    assert kapas[1:] == ["Batik Jonegoroan — Kapas", "Keripik Tempe Kapas — Kapas"]
    none = _options(client.get(NEW, {"usaha": "zzz"}).content.decode())
    assert none == ["— tidak ada usaha yang cocok —"]


def test_options_endpoint_for_htmx_keeps_the_selection(client, staff_user, businesses):
    client.force_login(staff_user)
    ledre = businesses["ledre"]
    html = client.get(OPTIONS, {"usaha": "batik", "business": ledre.pk}).content.decode()
    assert _options(html)[1:] == ["Batik Jonegoroan — Kapas", "Ledre Super Dander — Dander"]
    assert f'<option value="{ledre.pk}" selected>' in html


def test_many_businesses_show_the_first_matches_and_ask_to_type(client, staff_user, businesses, settings):
    client.force_login(staff_user)
    old = selectors.PICKER_ALL, selectors.PICKER_MATCHES
    selectors.PICKER_ALL, selectors.PICKER_MATCHES = 2, 2
    try:
        options = _options(client.get(NEW).content.decode())
    finally:
        selectors.PICKER_ALL, selectors.PICKER_MATCHES = old
    assert options[0] == "— 2 pertama dari 3 usaha; ketik untuk mempersempit —"
    assert len(options) == 3


def test_owner_sees_only_their_own_business(client, owner_user, businesses, catalog_business):
    mine = catalog_business(name="Keripik Bu Sari")
    client.force_login(owner_user)
    assert _options(client.get(NEW).content.decode())[1:] == ["Keripik Bu Sari — Dander"]
    assert _options(client.get(OPTIONS, {"usaha": "a"}).content.decode())[1:] == ["Keripik Bu Sari — Dander"]
    # someone else's business, even by its number, is refused and nothing is saved
    response = client.post(NEW, _product(businesses["batik"].pk))
    assert response.status_code == 200 and not Product.objects.exists()
    assert "Batik" not in "".join(_options(response.content.decode()))
    assert client.post(NEW, _product(mine.pk)).status_code == 302
    assert Product.objects.get().business == mine


def test_operators_and_the_public_get_no_options(client, dander_operator, businesses):
    assert client.get(OPTIONS).status_code == 302  # sign in first
    client.force_login(dander_operator)
    assert client.get(OPTIONS).status_code == 403


@pytest.mark.browser
def test_typing_narrows_the_select_and_the_product_saves(browser, live_server, staff_user, make_business):
    for i in range(30):
        make_business(name=f"Batik Motif {i:02d}", district="Kapas", sector="craft")
    ledre = make_business(name="Ledre Super Dander", district="Dander")
    client = Client()
    client.force_login(staff_user)
    browser.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = browser.new_page()
    page.goto(f"{live_server.url}{NEW}")
    assert page.locator("#id_business option").count() == 32  # the hint and all 31
    page.locator("#picker-q").press_sequentially("ledre")
    expect(page.locator("#id_business option")).to_have_count(2)
    assert page.url.endswith(NEW)  # narrowed in place, nothing typed elsewhere is lost
    options = page.locator("#id_business option")
    assert options.nth(1).get_attribute("value") == str(ledre.pk), page.locator("#id_business").inner_html()
    page.locator("#id_business").select_option(str(ledre.pk))
    for name, value in _product(ledre.pk).items():
        if name not in {"business", "category"}:
            page.locator(f"#id_{name}").fill(value)
    page.locator("#id_category").select_option("seasoning")
    page.locator("#product-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/katalog/kelola/produk/\d+/$"))
    assert Product.objects.get().business_id == ledre.pk


def test_option_values_are_never_localized():
    """A business number of 1,793 is value="1793", not the Indonesian "1.793" (seen in a browser)."""
    from django.template.loader import render_to_string

    html = render_to_string("catalog/manage/_business_options.html", {"choices": [(1793, "Ledre")], "selected": ""})
    assert 'value="1793"' in html
