import re

import pytest

from sentra.registry.demo import seed_demo


@pytest.mark.browser
def test_statistik_page_shows_press_figures_in_real_chromium(browser, live_server):
    seed_demo()
    page = browser.new_page()
    page.goto(f"{live_server.url}/statistik/")
    headline = page.locator("#headline").inner_text()
    assert re.search(r"1\.762 IKM\s+tersebar di\s+28 kecamatan", headline), headline
    assert "1.431 makanan dan minuman" in headline
    assert "331 kerajinan" in headline
    assert "1.349 di antaranya telah memiliki NIB (76,6%)" in headline
    assert page.locator("[data-figure=total]").inner_text() == "1.762"
    assert page.locator("#district-table tbody tr").count() == 28
