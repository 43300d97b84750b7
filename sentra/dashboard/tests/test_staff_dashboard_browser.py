import re

import pytest
from django.test import Client

from sentra.registry.demo import seed_demo


@pytest.mark.browser
def test_dashboard_map_is_coloured_and_a_kecamatan_click_opens_its_list(browser, live_server, staff_user):
    seed_demo()
    client = Client()
    client.force_login(staff_user)
    browser.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = browser.new_page()
    page.goto(f"{live_server.url}/dasbor/")
    paths = page.locator("#map svg path")
    assert paths.count() == 28
    fills = {paths.nth(i).get_attribute("fill") for i in range(28)}
    assert len(fills) >= 3, fills  # a real choropleth, not one flat colour
    box = page.locator("#map svg").bounding_box()
    assert box["width"] > 200 and box["height"] > 100
    dander = page.locator('#map a[data-code="35.22.06"]')
    expected = page.locator('#district-table tr[data-code="35.22.06"] td.num').first.inner_text()
    dander.click()
    page.wait_for_url(re.compile(r"/ikm/\?status=terdaftar&kecamatan=35\.22\.06$"))
    assert page.locator("select[name=kecamatan] option[selected]").inner_text() == "Dander"
    assert expected.replace(".", "") in page.locator("body").inner_text().replace(".", "")
