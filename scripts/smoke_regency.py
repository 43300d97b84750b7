"""CI smoke run for one regency (after setup_regency CODE and seed_demo --regency CODE): the statistics page
and API answer, and the page draws every kecamatan of the regency on its map. Exit status 1 on a failure.

    DATABASE_URL=... python scripts/smoke_regency.py 33.20
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")


def main(code: str) -> int:
    import django

    django.setup()
    from django.test import Client

    from sentra.regions import home
    from sentra.regions.models import District

    problems = []
    if home.regency_code() != code:
        problems.append(f"installation regency is {home.regency_code()}, not {code}")
    client = Client()
    response = client.get("/statistik/")
    page = response.content.decode()
    expected = set(District.objects.filter(regency_id=code).values_list("code", flat=True))
    drawn = set(re.findall(r'<path d="[^"]+" fill="[^"]+" data-code="([\d.]+)"', page))
    if response.status_code != 200:
        problems.append(f"/statistik/ answered {response.status_code}")
    if not expected or drawn != expected:
        problems.append(f"map draws {len(drawn)} kecamatan, the regency has {len(expected)}")
    stats = client.get("/api/v1/statistics").json()
    if stats["total"] <= 0 or stats["districts"] != len(expected):
        problems.append(f"statistics API: total {stats['total']}, districts {stats['districts']}/{len(expected)}")
    for p in problems:
        print("FAIL:", p)
    if not problems:
        print(
            f"ok: {code} — {stats['total']} IKM, map of {len(drawn)} kecamatan, sectors "
            f"{[s['code'] for s in stats['by_sector']]}"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "33.20"))
