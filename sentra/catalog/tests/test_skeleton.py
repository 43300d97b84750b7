"""The listing and search page served from its skeleton (catalog/skeleton.py) is the page the
template renders, byte for byte, whatever the request holds."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from sentra.catalog import skeleton

pytestmark = pytest.mark.django_db

LIST_URLS = ("/katalog/produk/", "/en/catalog/products/")
REQUESTS = [
    {},
    {"page": "2"},
    {"q": "keripik"},
    {"q": "kripik", "page": "2"},
    {"q": "zzzz"},
    {"q": '<b>"Tom & Jerry\'s"</b>'},
    {"q": "keripik", "category": "snack", "export_ready": "on", "price_max": "15000"},
    {"category": "snack", "district": "x"},  # a kecamatan that is not one: a form error
    {"price_max": "murah"},  # a form error
    {"q": "a\x00cards_html\x00"},  # the form refuses a NUL; never taken for a mark
    {"page": "1000"},  # past the end; the previous page's number stays unformatted ("999")
]


@pytest.fixture
def listing(catalog_business, make_product, settings):
    settings.CATALOG_CACHE_SECONDS = 0  # every request rendered
    business = catalog_business()
    for i in range(30):
        make_product(business, name=f"Keripik Tempe {i}", category="snack", price_min=10000 + i)
    make_product(business, name="Kopi <Robusta> & Co", category="coffee")


def _pages(client, host="testserver"):
    return {
        (url, tuple(sorted(params.items()))): client.get(url, params, HTTP_HOST=host).content.decode()
        for url in LIST_URLS
        for params in REQUESTS
    }


@pytest.mark.parametrize("host", ["testserver", "katalog.example.org"])
def test_pages_from_the_skeleton_are_the_templates_own(client, listing, monkeypatch, settings, host):
    settings.ALLOWED_HOSTS = ["testserver", "katalog.example.org"]
    served = _pages(client, host)
    kept = len(skeleton._skeletons)
    assert 1 <= kept < len(served)  # skeletons are shared between requests
    monkeypatch.setattr(skeleton, "render", lambda key, build, values: build(values))  # the template alone
    rendered = _pages(client, host)
    for request, html in rendered.items():
        assert served[request] == html, request
    assert "Tom &amp; Jerry&#x27;s" in served[("/katalog/produk/", (("q", '<b>"Tom & Jerry\'s"</b>'),))]
    assert "page=999" in served[("/katalog/produk/", (("page", "1000"),))]
    assert f"http://{host}/en/catalog/products/" in served[("/katalog/produk/", ())]


def test_one_skeleton_serves_every_search_of_the_same_shape(client, listing):
    for q in ("keripik", "tempe", "kripik", "keripik tempe"):  # each a full page with a next one
        html = client.get("/katalog/produk/", {"q": q}).content.decode()
        assert f'value="{q}"' in html
    assert len(skeleton._skeletons) == 1


def test_flash_messages_are_shown_and_consumed(client, listing):
    """A page with a flash message is rendered by the template (a skeleton has none)."""
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Terima kasih <3")])
    html = client.get("/katalog/produk/", {"q": "keripik"}).content.decode()
    assert "Terima kasih &lt;3" in html
    assert "Terima kasih" not in client.get("/katalog/produk/", {"q": "keripik"}).content.decode()


def test_values_are_escaped_unless_safe_and_a_skeleton_is_kept_per_key():
    skeleton.forget()
    built = []

    def build(marks):
        built.append(marks)
        return f"<p>{marks['text']}</p><ul>{marks['html']}</ul>"

    values = {"text": "<i>&</i>", "html": mark_safe("<li>1</li>")}
    assert skeleton.render(("k",), build, values) == "<p>&lt;i&gt;&amp;&lt;/i&gt;</p><ul><li>1</li></ul>"
    # a value that looks like a mark is put in after the split: text, not a slot
    again = {"text": "\x00html\x00", "html": mark_safe("<li>2</li>")}
    assert skeleton.render(("k",), build, again) == "<p>\x00html\x00</p><ul><li>2</li></ul>"
    assert len(built) == 1
    # an empty value is part of the key (a template may test it), and rendered as itself
    assert skeleton.render(("k",), build, {"text": "", "html": mark_safe("<li>3</li>")}) == "<p></p><ul><li>3</li></ul>"
    assert built[-1]["text"] == ""
    assert len(built) == 2
    skeleton.render(("other",), build, values)
    assert len(built) == 3


def test_a_skeleton_follows_what_the_process_takes_from_settings(client, listing, settings):
    """views._process_constants() is part of the key: a page rendered after a setting changed is
    not served from the skeleton rendered before it."""
    settings.SENTRA_ENV = "development"
    assert "Mode pengembangan" in client.get("/katalog/produk/", {"q": "keripik"}).content.decode()
    settings.SENTRA_ENV = "production"
    assert "Mode pengembangan" not in client.get("/katalog/produk/", {"q": "keripik"}).content.decode()
