"""At 1366 px the bar charts show their bars, filter selects show their whole label, the monthly chart has
values and month labels without hovering, and the NIB map legend spans the data's range."""

import pytest
from django.test import Client

from sentra.registry.demo import seed_demo

BARS_JS = """() => [...document.querySelectorAll('table.chart .bar')].map(b => {
  const cell = b.parentElement, cs = getComputedStyle(cell);
  return {want: parseFloat(b.style.width), got: b.getBoundingClientRect().width,
          cell: cell.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)};
})"""
SELECTS_JS = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('form.filters select')].map(s => {
    const cs = getComputedStyle(s);
    ctx.font = cs.font;
    const longest = Math.max(...[...s.options].map(o => ctx.measureText(o.text).width));
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    return {name: s.name, longest: Math.round(longest), room: Math.round(room)};
  });
}"""


def _login(browser, live_server, user):
    client = Client()
    client.force_login(user)
    browser.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


@pytest.mark.browser
def test_charts_filters_and_legend_at_desktop_width(browser, live_server, staff_user):
    seed_demo()
    _login(browser, live_server, staff_user)
    page = browser.new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    for path in ("/statistik/", "/dasbor/", "/dasbor/nasional/"):
        page.goto(live_server.url + path)
        bars = page.evaluate(BARS_JS)
        assert bars, path
        for bar in bars:
            if bar["want"] >= 10:
                # the bar's cell has room, and the bar takes its share of it: not collapsed to 1 px
                assert bar["cell"] >= 50 and bar["got"] >= bar["cell"] * bar["want"] / 100 - 1, (path, bar)
        for select in page.evaluate(SELECTS_JS):
            assert select["room"] >= select["longest"], (path, select)
    page.goto(live_server.url + "/dasbor/")
    months = page.locator("#month-chart .month")
    assert months.count() == 24
    first = months.first
    assert first.locator(".value").inner_text().strip().replace(".", "").isdigit()
    assert len(first.locator(".axis").inner_text().strip()) >= 5  # e.g. "Des 24"
    assert first.locator(".axis").is_visible() and first.locator(".value").is_visible()
    page.goto(live_server.url + "/dasbor/?peta=cakupan_nib")
    legend = page.locator("#map .legend span").all_inner_texts()
    assert len(legend) == 5 and not legend[0].startswith("0,0%"), legend  # starts at the lowest kecamatan
    fills = {p.get_attribute("fill") for p in page.locator("#map svg path").all()}
    assert len(fills) >= 4, fills
