"""Transfer size of /statistik/ on first load (HTML + every stylesheet/script/image it references), raw
and gzip-compressed. Uses the configured database (seed the demo data first: make run, or seed_demo).

    .venv/bin/python bench/public_page_weight.py
"""

import gzip
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.test import Client  # noqa: E402


def main():
    html = Client().get("/statistik/").content
    parts = [("/statistik/ (HTML, map and charts inline SVG)", html)]
    for url in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
        path = finders.find(url.decode().removeprefix("/static/"))
        parts.append((url.decode(), Path(path).read_bytes()))
    total_raw = total_gz = 0
    for name, body in parts:
        gz = len(gzip.compress(body, 6))
        total_raw += len(body)
        total_gz += gz
        print(f"  {name:60s} {len(body) / 1024:7.1f} KB raw {gz / 1024:7.1f} KB gzip")
    total = f"{total_raw / 1024:7.1f} KB raw {total_gz / 1024:7.1f} KB gzip"
    print(f"  {'total first load':60s} {total} (target <= 300 KB)")


main()
