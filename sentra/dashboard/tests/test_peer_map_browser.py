import pytest
from django.core.management import call_command

from sentra.regions.models import District


@pytest.mark.browser
def test_jepara_kecamatan_map_renders_in_real_chromium(browser, live_server):
    """setup_regency 33.20 then seed_demo --regency 33.20: /statistik/ draws Jepara's 16 kecamatan,
    without a new environment variable or a restart."""
    call_command("setup_regency", "33.20", "--name", "Dekranasda Kabupaten Jepara")
    call_command("seed_demo", "--regency", "33.20", "--businesses", "300")
    page = browser.new_page()
    page.goto(f"{live_server.url}/statistik/")
    paths = page.locator("#map svg path[data-code]")
    codes = {paths.nth(i).get_attribute("data-code") for i in range(paths.count())}
    assert codes == set(District.objects.filter(regency_id="33.20").values_list("code", flat=True))
    assert len(codes) == 16
    box = page.locator("#map svg").bounding_box()
    assert box["width"] > 200 and box["height"] > 200  # drawn, not collapsed
    assert "Karimunjawa" in page.locator("#map svg").text_content()
    assert page.locator("[data-figure=total]").inner_text() == "300"
    assert "Statistik IKM Kabupaten Jepara" in page.locator("h1").inner_text()
