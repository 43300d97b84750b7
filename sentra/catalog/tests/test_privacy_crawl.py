"""Crawl the public catalog like a visitor and fail on any personal data: owner NIK, owner
address, owner phone or e-mail, and the business's street address unless the owner opted in."""

import re
from collections import deque

import pytest

from sentra.catalog.models import ProducerProfile
from sentra.catalog.tests.conftest import BUSINESS_ADDRESS, OWNER_ADDRESS, OWNER_NIK
from sentra.registry.models import Owner

pytestmark = pytest.mark.django_db

HREF_RE = re.compile(r'(?:href|src)="([^"#]+)')
START = ["/katalog/", "/en/catalog/", "/katalog/produk/", "/sitemap.xml", "/robots.txt", "/api/v1/products"]


def crawl(client, limit=500):
    seen, queue, pages = set(), deque(START), {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 301, 302), url
        body = response.content.decode() if response.status_code == 200 else ""
        pages[url] = body
        for link in HREF_RE.findall(body) + re.findall(r"<loc>https?://[^/]+([^<]+)</loc>", body):
            link = link.replace("&amp;", "&")
            link = re.sub(r"^https?://[^/]+", "", link)
            if (link.startswith("/katalog/") or link.startswith("/en/catalog/")) and "/kelola/" not in link:
                queue.append(link)
    return pages


def _digits(text):
    return re.sub(r"\D", "", text)


def test_catalog_pages_never_show_nik_or_owner_address(client, catalog_business, make_product):
    shown = catalog_business(name="Batik Terbuka", sector="craft")
    hidden = catalog_business(name="Keripik Tertutup")
    make_product(shown, name="Batik Tulis", category="batik", shelf_life_days=None)
    make_product(hidden)
    ProducerProfile.objects.create(business=shown, story="Cerita kami.", show_address=True)
    pages = crawl(client)
    assert any(f"/katalog/produsen/{hidden.pk}/" in url for url in pages)
    assert any("/en/catalog/products/" in url for url in pages)
    for url, body in pages.items():
        assert OWNER_NIK not in body and OWNER_NIK not in _digits(body), url
        assert OWNER_ADDRESS not in body, url
        assert "pemilik@example.invalid" not in body, url
        assert "85712345678" not in _digits(body), url  # the owner's own phone
        if url.rstrip("/").endswith(f"/produsen/{shown.pk}") or url.rstrip("/").endswith(f"/producers/{shown.pk}"):
            assert BUSINESS_ADDRESS in body, url  # opted in
        else:
            assert BUSINESS_ADDRESS not in body, url


def test_demo_catalog_crawl_shows_no_personal_data(client):
    from sentra.registry.demo import seed_demo

    seed_demo()
    pages = crawl(client, limit=200)
    assert len(pages) == 200
    owners = list(Owner.objects.values_list("nik", "address"))
    niks = {nik for nik, _ in owners if nik}
    addresses = {address for _, address in owners if address}
    everything = "\n".join(pages.values())
    compact = re.sub(r"[\s.\-]", "", everything)  # a NIK written as 3522 0945 …
    assert not [nik for nik in niks if nik in compact]
    assert not [a for a in addresses if a in everything]
    assert "RT 0" not in everything  # owner addresses carry RT/RW; no business opted in to show one
