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
