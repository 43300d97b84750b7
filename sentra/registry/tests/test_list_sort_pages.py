"""The registry list: sortable columns, page numbers with a jump, the result count, filters kept throughout."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from sentra.registry.models import Business

LIST = reverse("registry:business_list")


@pytest.fixture
def many(make_business):
    names = []
    for i in range(60):
        district = "Kapas" if i % 2 else "Dander"
        names.append(make_business(name=f"Batik {i:02d}", district=district, sector="craft").name)
    make_business(name="Ledre Balen", district="Balen", sector="food_beverage")
    return names


def _names(response) -> list[str]:
    return [b.name for b in response.context["page"].object_list]


def test_columns_sort_both_ways_and_keep_the_filters(client, staff_user, many):
    client.force_login(staff_user)
    response = client.get(LIST, {"sektor": "craft"})
    assert response.context["total"] == 60
    assert _names(response)[:2] == ["Batik 00", "Batik 01"]
    page = response.content.decode()
    assert re.search(r'id="result-count">60 IKM ditemukan<', page)
    # the header link keeps the sector filter and sorts by name descending on a second click
    assert 'href="?sektor=craft&amp;urut=-nama" class="sort" id="sort-nama"' in page
    assert _names(client.get(LIST, {"sektor": "craft", "urut": "-nama"}))[:2] == ["Batik 59", "Batik 58"]
    by_district = _names(client.get(LIST, {"urut": "kecamatan"}))
    assert by_district[0] == "Ledre Balen" and by_district[1] == "Batik 00"  # Balen, then Dander by name
    assert _names(client.get(LIST, {"urut": "-kecamatan"}))[0] == "Batik 01"  # Kapas first
    Business.objects.filter(name="Batik 33").update(updated_at="2030-01-01T00:00:00Z")
    assert _names(client.get(LIST, {"urut": "-diubah"}))[0] == "Batik 33"
    assert _names(client.get(LIST, {"urut": "diubah"}))[-1] != "Batik 33"
    # an unknown order is reported and the list still answers, by name
    response = client.get(LIST, {"urut": "gaji"})
    assert response.status_code == 200 and _names(response)[0] == "Batik 00"
    assert "gaji bukan salah satu dari pilihan" in response.content.decode()


def test_page_numbers_and_the_jump_keep_filters_and_order(client, staff_user, many):
    client.force_login(staff_user)
    response = client.get(LIST, {"sektor": "craft", "urut": "-nama", "page": "2"})
    page = response.content.decode()
    assert _names(response)[0] == "Batik 34"
    nav = page[page.index('id="pages"') :]
    assert '<strong aria-current="page">2</strong>' in nav
    assert 'href="?sektor=craft&amp;urut=-nama&amp;page=3"' in nav
    assert 'href="?sektor=craft&amp;urut=-nama&amp;page=1"' in nav
    jump = nav[nav.index('id="page-jump"') : nav.index("</form>")]
    assert '<input type="hidden" name="sektor" value="craft">' in jump
    assert '<input type="hidden" name="urut" value="-nama">' in jump
    assert 'name="page" min="1" max="3"' in jump
    # a page past the end shows the last; a word shows the first
    assert client.get(LIST, {"sektor": "craft", "page": "99"}).context["page"].number == 3
    assert client.get(LIST, {"sektor": "craft", "page": "dua"}).context["page"].number == 1


def test_operator_filter_lists_only_their_kecamatan(client, dander_operator, many):
    client.force_login(dander_operator)
    response = client.get(LIST)
    page = response.content.decode()
    assert response.context["total"] == 30
    select = re.search(r'<select name="kecamatan".*?</select>', page, re.S).group(0)
    assert re.findall(r"<option [^>]*>([^<]+)</option>", select) == ["Semua", "Dander"]
    assert "Kapas" not in page and "Balen" not in page
    # asking for another kecamatan is refused (not silently widened)
    response = client.get(LIST, {"kecamatan": "Kapas"})
    assert response.context["total"] == 30 and "Kapas" not in "".join(_names(response))


@pytest.mark.browser
def test_sorting_and_jumping_in_a_browser(browser, live_server, staff_user, make_business):
    for i in range(60):
        make_business(name=f"Batik {i:02d}", district="Kapas" if i % 2 else "Dander", sector="craft")
    make_business(name="Ledre Balen", district="Balen", sector="food_beverage")
    client = Client()
    client.force_login(staff_user)
    browser.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = browser.new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/ikm/?sektor=craft")
    assert page.locator("#result-count").inner_text() == "60 IKM ditemukan"
    search = page.locator("input[name=q]").bounding_box()
    assert search["width"] >= 280, search  # wide enough to read a name
    page.locator("#sort-nama").click()
    page.wait_for_url(re.compile(r"urut=-nama"))
    assert page.locator("tbody tr td a").first.inner_text() == "Batik 59"
    assert page.locator("th[aria-sort=descending] #sort-nama").count() == 1
    page.locator("#page-jump input[name=page]").fill("3")
    page.locator("#page-jump button").click()
    page.wait_for_url(re.compile(r"page=3"))
    assert "sektor=craft" in page.url and "urut=-nama" in page.url
    assert page.locator("tbody tr td a").first.inner_text() == "Batik 09"
    assert page.locator("#pages strong[aria-current=page]").inner_text() == "3"
    # on a phone the page numbers and the jump wrap inside the page
    page.set_viewport_size({"width": 390, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


def test_page_numbers_past_a_thousand_are_plain_numbers():
    """Page 1,000 links to page=1000 (Indonesian formatting would write 1.000, which is no page number)."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(list(range(30_000)), 25).get_page(1000)
    page.object_list = []  # the rows do not matter here
    html = render_to_string(
        "registry/_business_table.html",
        {
            "page": page,
            "total": 30_000,
            "query": "",
            "kept": [],
            "columns": {},
            "page_range": page.paginator.get_elided_page_range(1000, on_each_side=2, on_ends=1),
        },
    )
    assert 'href="?page=999"' in html and 'href="?page=1001"' in html and 'href="?page=1200"' in html
    assert 'max="1200" value="1000"' in html
