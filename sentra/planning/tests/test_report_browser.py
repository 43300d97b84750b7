import pytest

from sentra.planning import services


@pytest.mark.browser
def test_staff_reads_the_quarterly_report(browser, live_server, staff_user, make_business):
    plan = services.plan_create(actor=staff_user, year=2026, title="Rencana Peramban 2026")
    services.indicator_save(
        actor=staff_user,
        plan=plan,
        indicator=None,
        data={
            "name": "IKM ber-NIB",
            "unit": "IKM",
            "baseline": "0",
            "target": "4",
            "target_q2": "2",
            "figure": "with_nib",
        },
    )
    make_business(nib="1234567890123")
    page = browser.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", staff_user.username)
    page.fill("input[name=password]", "pw-test-12345")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Rencana kerja").first.click()
    page.get_by_role("link", name="Rencana Peramban 2026").click()
    page.get_by_role("button", name="Laporan triwulan").click()
    page.get_by_role("link", name="TW 2").click()
    row = page.locator("#quarter-report tbody tr").first
    text = row.inner_text()
    assert "IKM ber-NIB" in text and "50,0%" in text  # realisation 1 of the quarter's target 2
    row.locator("textarea[name=obstacles]").fill("Sosialisasi OSS tertunda")
    row.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert page.locator("#quarter-report textarea[name=obstacles]").first.input_value() == "Sosialisasi OSS tertunda"
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    assert download.value.suggested_filename == "realisasi-2026-tw2.xlsx"


@pytest.mark.browser
def test_staff_links_an_activity_to_an_order_round_and_follows_the_link(browser, live_server, staff_user):
    from sentra.orders.testing import make_round

    rnd = make_round(title="Seragam Peramban Tahap 1")
    plan = services.plan_create(actor=staff_user, year=2026, title="Rencana Peramban 2026")
    programme = services.programme_save(actor=staff_user, plan=plan, programme=None, name="Pemasaran")
    services.activity_save(
        actor=staff_user,
        programme=programme,
        activity=None,
        data={"name": "Seragam batik ASN", "start_month": 3, "end_month": 5, "budget_ceiling": 0, "budget_spent": 0},
    )
    page = browser.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", staff_user.username)
    page.fill("input[name=password]", "pw-test-12345")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/rencana/2026/")
    page.get_by_role("link", name="Seragam batik ASN").click()
    page.select_option("select[name=order_round]", label="Seragam Peramban Tahap 1")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"{live_server.url}/rencana/2026/")
    page.get_by_role("link", name="Seragam Peramban Tahap 1").click()
    page.wait_for_url(f"{live_server.url}/pesanan/putaran/{rnd.pk}/")
    assert "Seragam Peramban Tahap 1" in page.content()
