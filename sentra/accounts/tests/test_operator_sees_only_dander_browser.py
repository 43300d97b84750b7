import pytest
from playwright.sync_api import expect


@pytest.mark.browser
def test_dander_operator_signs_in_and_sees_only_dander(browser, live_server, dander_operator, make_business):
    for i in range(3):
        business = make_business(district="Dander", name=f"Ledre Dander {i}")
    business.owner.nik = "3522014509800001"
    business.owner.save()
    make_business(district="Kapas", name="Batik Kapas")
    make_business(district="Bojonegoro", name="Jamu Kota")
    page = browser.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", "t_op_dander")
    page.fill("input[name=password]", "pw-test-12345")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dasbor/")  # an operator lands on the dashboard
    # ... which counts Dander only: its figures, its one kecamatan on the map and in the filter
    assert page.locator('[data-figure="total"]').inner_text() == "3"
    assert page.locator("#map svg path").count() == 1
    assert page.locator("select[name=kecamatan] option").all_inner_texts() == ["Semua kecamatan tugas", "Dander"]
    body = page.locator("main").inner_text()
    assert "Kapas" not in body and "Kecamatan Dander" in body
    assert page.locator("#district-table tr[data-code]").count() == 1  # not kecamatan Bojonegoro either
    page.goto(f"{live_server.url}/ikm/")
    districts = page.locator("table tbody tr td:nth-child(4)").all_inner_texts()
    assert len(districts) == 3 and all(d.startswith("Dander") for d in districts), districts
    assert "Batik Kapas" not in page.content() and "Jamu Kota" not in page.content()
    assert "3 IKM ditemukan" in page.locator("#result-count").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e], errors  # htmx and styles pass the CSP

    # The masked NIK is revealed on request (htmx POST with the CSRF header), and the reveal is logged.
    page.click("text=Ledre Dander 2")
    assert page.locator("#owner-nik").inner_text().startswith("3522********0001")
    page.click("#owner-nik button")
    expect(page.locator("#owner-nik")).to_have_text("3522014509800001")  # no eval: the CSP forbids it
    from sentra.accounts.models import PersonalDataAccess

    assert PersonalDataAccess.objects.filter(user=dander_operator, kind="reveal").count() == 1
