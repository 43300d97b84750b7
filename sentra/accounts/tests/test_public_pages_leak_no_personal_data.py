"""Crawl every public page and endpoint of the demo site, as an anonymous visitor, and fail on any NIK or
owner address found. Add public entry points (open data, catalog, …) to START_URLS."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from sentra.registry.demo import seed_demo
from sentra.registry.models import Owner

START_URLS = [
    "/",
    "/statistik/",
    "/api/v1/statistics",
    "/api/v1/schema",
    "/api/v1/businesses",
    "/akun/masuk/",
    "/akun/daftar/",
    "/ikm/",
    "/data/",
    "/data/ikm-kecamatan-sektor.csv",
    "/data/ikm-kecamatan-skala.json",
    "/api/v1/open-data/ikm-kecamatan-sektor",
    "/katalog/",
    "/en/catalog/",
    "/katalog/produk/",
    "/api/v1/products?q=batik",
    "/program/jadwal/",
    "/program/verifikasi/",
]
NEVER_FOLLOW = ("/admin/", "/akun/keluar/", "/i18n/", "/static/")
MAX_PAGES = 300
DIGITS16 = re.compile(r"(?<!\d)\d{16}(?!\d)")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src", "action", "hx-get"} and value:
                self.links.append(value)


def _links(base, body, content_type):
    if "html" in content_type:
        parser = _Links()
        parser.feed(body)
        found = parser.links
    elif "json" in content_type:
        found = re.findall(r'"(/[^"\s]*|https?://testserver/[^"\s]*)"', body)
    else:
        found = []
    for link in found:
        url = urljoin(base, link)
        parts = urlsplit(url)
        if parts.netloc not in {"", "testserver"}:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(NEVER_FOLLOW):
            yield path


def crawl(client):
    seen, queue, pages = set(), list(START_URLS), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        content_type = response.get("Content-Type", "")
        if getattr(response, "streaming", False) or response.status_code >= 400:
            continue
        body = response.content.decode("utf-8", "replace")
        pages[url] = body
        queue.extend(u for u in _links(url, body, content_type) if u not in seen)
    return pages


@pytest.mark.django_db
def test_no_public_page_shows_a_nik_or_an_owner_address(client):
    seed_demo()
    niks = set(Owner.objects.exclude(nik="").values_list("nik", flat=True))
    addresses = [a for a in Owner.objects.exclude(address="").values_list("address", flat=True)]
    assert len(niks) > 1000 and len(addresses) > 1000  # the demo has personal data to leak

    pages = crawl(client)
    assert "/statistik/" in pages and "/api/v1/statistics" in pages
    leaks = find_leaks(pages, niks, addresses)
    assert not leaks, "Personal data on public pages:\n" + "\n".join(leaks[:20])


def find_leaks(pages, niks, addresses):
    leaks = []
    for url, body in pages.items():
        text = json.dumps(json.loads(body), ensure_ascii=False) if body.startswith("{") else body
        leaks += [f"{url}: NIK {n}" for n in DIGITS16.findall(text) if n in niks]
        leaks += [f"{url}: alamat {a!r}" for a in addresses if a in text]
    return leaks


@pytest.mark.django_db
def test_the_crawler_follows_links_and_would_notice_a_leak(client):
    """Guard for the guard: pages reached only through links are crawled, and a planted NIK/address is found."""
    pages = crawl(client)
    assert "/akun/sandi/lupa/" in pages  # linked from the sign-in page, not a start URL
    planted = {"/x": "<td>3522014509800001</td><p>Jl. Veteran No. 1</p>", "/y": '{"a": "Jl. Veteran No. 1"}'}
    assert find_leaks(planted, {"3522014509800001"}, ["Jl. Veteran No. 1"]) == [
        "/x: NIK 3522014509800001",
        "/x: alamat 'Jl. Veteran No. 1'",
        "/y: alamat 'Jl. Veteran No. 1'",
    ]
