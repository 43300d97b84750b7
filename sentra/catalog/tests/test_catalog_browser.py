from urllib.parse import parse_qs, urlparse

import pytest


@pytest.mark.browser
def test_search_with_typo_open_product_and_whatsapp_text(browser, live_server, catalog_business, make_product):
    business = catalog_business(name="Mebel Jati Lestari", sector="craft")
    make_product(
        business,
        name="Kursi Jati Minimalis",
        name_en="Minimalist Teak Chair",
        description="Kursi kayu jati.",
        description_en="Teak wood chair.",
        category="furniture",
        shelf_life_days=None,
    )
    make_product(catalog_business(name="Keripik Bu Sari"))
    page = browser.new_page()
    page.goto(f"{live_server.url}/katalog/")
    page.fill("input[name=q]", "krusi jati")  # typo: kursi
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/katalog/produk/?q=*")
    results = page.locator("#results .card")
    assert results.count() == 1
    results.first.locator("a").click()
    page.wait_for_selector("#product-name")
    assert page.locator("#product-name").inner_text() == "Kursi Jati Minimalis"
    href = page.locator("#whatsapp").get_attribute("href")
    link = urlparse(href)
    assert link.netloc == "wa.me" and link.path == "/6281234567890"
    text = parse_qs(link.query)["text"][0]
    assert text.startswith("Halo Mebel Jati Lestari, saya tertarik dengan produk “Kursi Jati Minimalis”")
    assert page.url in text

    page.click("#lang-switch")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("#product-name").inner_text() == "Minimalist Teak Chair"
    text_en = parse_qs(urlparse(page.locator("#whatsapp").get_attribute("href")).query)["text"][0]
    assert "Minimalist Teak Chair" in text_en and "/en/catalog/products/" in text_en
