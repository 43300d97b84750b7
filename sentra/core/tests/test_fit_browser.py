"""Every page, for every role, fits a 390 px phone screen: no horizontal scrolling.

The crawl starts from each role's menu and follows the links it finds (one page per route: /ikm/12/ and
/ikm/13/ are the same template), so a new page is covered as soon as something links to it."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from sentra.registry.demo import seed_demo

ROLES = {
    "anon": None,
    "admin": "admin",
    "staff": "staf",
    "operator": "operator.dander",
    "owner": "pemilik",
    "partner": "mitra",
    "buyer": "pembeli",
}
START = [
    "/",
    "/dasbor/",
    "/dasbor/nasional/",
    "/ikm/",
    "/statistik/",
    "/data/",
    "/katalog/",
    "/en/catalog/",
    "/program/jadwal/",
]
# Not pages (downloads, actions, other sites' tools) — or pages of Django's own admin.
SKIP = re.compile(
    r"(\.(pdf|zip|xlsx|csv|json|png|jpg|svg|webp)$)|^/(api|admin|i18n|static|media)/|/keluar/|/ekspor|format=|"
    r"/sandi/atur/|/unduh|/dokumen/|/label"
)
PER_ROLE = 70

OVERFLOW_JS = """() => {
  const w = window.innerWidth, doc = document.documentElement;
  if (doc.scrollWidth <= w) return null;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && getComputedStyle(el).position !== 'fixed') {
      let inScroller = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p).overflowX;
        if (s === 'auto' || s === 'scroll' || s === 'hidden') { inScroller = true; break; }
      }
      if (!inScroller) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') +
        ' ' + Math.round(r.right));
    }
    if (wide.length >= 4) break;
  }
  return {scrollWidth: doc.scrollWidth, wide};
}"""


def route_key(path: str) -> str:
    path = urlsplit(path).path
    return re.sub(r"/\d+(?=/|\.|$)", "/N", re.sub(r"/[0-9a-f-]{20,}", "/T", path))


def crawl(page, base: str, start: list[str], limit: int = PER_ROLE):
    seen_routes, queue, problems, visited = set(), list(start), [], []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        key = route_key(path)
        if key in seen_routes or SKIP.search(path):
            continue
        seen_routes.add(key)
        response = page.goto(base + path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited.append(path)
        result = page.evaluate(OVERFLOW_JS)
        if result:
            problems.append(f"{path}: scrollWidth {result['scrollWidth']} > 390; {result['wide']}")
        title = page.title()
        if "<" in title or ">" in title:
            problems.append(f"{path}: markup in the tab title {title!r}")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            url = urlsplit(urljoin(base + path, href))
            if url.netloc != urlsplit(base).netloc or not url.path:
                continue
            target = url.path + (f"?{url.query}" if url.query and "page=" not in url.query else "")
            if route_key(target) not in seen_routes and not SKIP.search(target):
                queue.append(target)
    return visited, problems


@pytest.mark.browser
def test_every_page_fits_a_phone_for_every_role(browser, live_server):
    seed_demo()
    from django.contrib.auth import get_user_model

    from sentra.registry.models import Business
    from sentra.registry.services import business_save

    # a long unbroken name, in the list, on its page and in its history
    long_one = Business.objects.filter(district__name="Dander").order_by("pk").first()
    business_save(actor=None, business=long_one, business_data={"name": "Keripik" + "Tempe" * 38}, source="test")
    start = [*START, f"/ikm/{long_one.pk}/"]

    User = get_user_model()  # noqa: N806
    report, total = [], 0
    for role, username in ROLES.items():
        browser.clear_cookies()
        if username:
            client = Client()
            client.force_login(User.objects.get(username=username))
            browser.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
            )
        page = browser.new_page()
        page.set_viewport_size({"width": 390, "height": 844})
        visited, problems = crawl(page, live_server.url, start)
        page.close()
        total += len(visited)
        assert len(visited) >= 5, (role, visited)
        report += [f"[{role}] {p}" for p in problems]
    assert total > 60
    assert not report, "\n".join(report)
