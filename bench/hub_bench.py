"""Hub benchmark: 514 simulated regencies publish a quarter of figures; the hub ingests and verifies them all,
then serves the national page.

    .venv/bin/python bench/hub_bench.py                          # throw-away SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sentra_bench_hub .venv/bin/python bench/hub_bench.py

Each regency gets its own Ed25519 key and push key (hub_member_add), and a dataset shaped like a real one:
regency totals, breakdowns, and the three open-data tables over its real kecamatan (Kemendagri 2025 lists),
about 7,300 kecamatan in all. Signing happens on the regencies' side and is timed apart. Ingest = every
dataset POSTed to /api/v1/federation/datasets through Django's test client (parse, schema check, signature
and CSV-hash check, store, make latest). Targets: ingest ≤ 30 s, national page p95 ≤ 100 ms.
The PostgreSQL run migrates and then flushes its database: give it an empty one.
"""

import csv
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TMP = tempfile.mkdtemp(prefix="sentra-hub-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/hub.sqlite3")
os.environ["SENTRA_MODE"] = "hub"

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.machine import cpu_probe_ms  # noqa: E402
from sentra.federation import dataset as ds  # noqa: E402
from sentra.federation import services  # noqa: E402

NATIONAL = Path(__file__).resolve().parent.parent / "sentra" / "regions" / "data" / "indonesia"
SECTORS = ["food_beverage", "textile_apparel", "leather_footwear", "furniture_wood", "metal", "craft"]
SCALES = ["mikro", "kecil", "menengah"]
MARKETS = ["local", "regional", "national", "export"]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def synthetic(code, name, province, kecamatan, rng, as_of):
    tables, total_by_sector = {}, dict.fromkeys(SECTORS, 0)
    for table, cats in (
        ("ikm-kecamatan-sektor", SECTORS),
        ("ikm-kecamatan-skala", SCALES),
        ("ikm-kecamatan-pasar", MARKETS),
    ):
        rows = []
        for k in kecamatan:
            for c in cats:
                n = int(rng.paretovariate(1.3) * 20) if rng.random() > 0.1 else rng.randrange(0, 3)
                row = {"kode_kecamatan": k, "kode_kategori": c, "jumlah_ikm": "<3" if 0 < n < 3 else n}
                if table == "ikm-kecamatan-sektor":
                    row["ikm_bernib"] = "<3" if 0 < n < 3 else int(n * 0.7)
                    total_by_sector[c] += n
                rows.append(row)
        tables[table] = rows
    total = sum(total_by_sector.values())
    return {
        "schema": ds.SCHEMA,
        "regency_code": code,
        "regency_name": name,
        "province_code": province,
        "version": 1,
        "as_of": as_of.isoformat(),
        "period": ds.quarter_of(as_of),
        "published_at": f"{as_of.isoformat()}T00:00:00+07:00",
        "figures": {
            "total": total,
            "with_nib": int(total * 0.7),
            "exporters": total // 50,
            "districts": len(kecamatan),
            "districts_total": len(kecamatan),
            "by_sector": [{"code": s, "label": s, "count": n} for s, n in total_by_sector.items()],
            "by_scale": [{"code": s, "label": s, "count": total // 3} for s in SCALES],
            "by_market": [{"code": m, "label": m, "count": total // 4} for m in MARKETS],
            "tables": tables,
        },
        "withdrawn": [],
    }


def main():
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 50 refusals below log "Conflict"
    print(f"database: {django.db.connection.vendor}; cpu probe {cpu_probe_ms():.0f} ms")
    call_command("migrate", verbosity=0)
    call_command("flush", verbosity=0, interactive=False)
    rng = random.Random(514)
    with open(NATIONAL / "regencies.csv", encoding="utf-8") as fh:
        regencies = list(csv.DictReader(fh))
    kecamatan: dict[str, list[str]] = {}
    with open(NATIONAL / "districts.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            kecamatan.setdefault(row["regency_code"], []).append(row["code"])
    today = dt.date.today()

    started = time.perf_counter()
    envelopes, push_keys = [], {}
    for r in regencies:
        private = ds.new_private_key()
        _, push_keys[r["code"]] = services.member_register(regency_code=r["code"], public_key=ds.public_key_of(private))
        d = synthetic(r["code"], r["name"], r["province_code"], kecamatan[r["code"]], rng, today)
        envelopes.append((r["code"], json.dumps(ds.sign(d, private), separators=(",", ":")).encode()))
    prep = time.perf_counter() - started
    size = sum(len(e) for _, e in envelopes)
    print(
        f"regency side: {len(envelopes)} datasets built and signed in {prep:.1f} s "
        f"(members registered too); {size / 1e6:.1f} MB, {size / len(envelopes) / 1e3:.1f} KB each"
    )

    client = Client()
    per = []
    started = time.perf_counter()
    for code, body in envelopes:
        t0 = time.perf_counter()
        response = client.post(
            "/api/v1/federation/datasets",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {push_keys[code]}",
        )
        per.append(time.perf_counter() - t0)
        assert response.status_code == 201, response.content
    ingest = time.perf_counter() - started
    print(
        f"hub ingest (push API, verify, store) of {len(envelopes)} datasets: {ingest:.1f} s "
        f"(target ≤ 30 s); per dataset median {statistics.median(per) * 1000:.1f} ms, p95 {pct(per, 95) * 1000:.1f} ms"
    )

    from sentra.federation.models import Dataset
    from sentra.federation.selectors import rollup

    expected = sum(json.loads(e)["dataset"]["figures"]["total"] for _, e in envelopes)
    got = rollup()["sums"]["total"]
    print(f"roll-up check: hub total {got:,} = sum of published totals {expected:,}: {got == expected}")
    assert got == expected and Dataset.objects.count() == len(envelopes)

    # the refusal path costs about the same: re-send 50 (older versions)
    started = time.perf_counter()
    for code, body in envelopes[:50]:
        client.post(
            "/api/v1/federation/datasets",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {push_keys[code]}",
        )
    print(f"refusing 50 repeated versions: {(time.perf_counter() - started) / 50 * 1000:.1f} ms each")

    for label, url, n in (
        ("national page /hub/", "/hub/", 300),
        ("province page /hub/?provinsi=35", "/hub/?provinsi=35", 300),
    ):
        cold0 = time.perf_counter()
        assert client.get(url).status_code == 200
        cold = time.perf_counter() - cold0
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t0)
        body = response.content
        print(
            f"{label}: first {cold * 1000:.0f} ms (map projection + roll-up); then {n} requests "
            f"median {statistics.median(times) * 1000:.1f} ms, p95 {pct(times, 95) * 1000:.1f} ms "
            f"(target ≤ 100 ms), {len(body) / 1e3:.0f} KB"
        )
    # after a new dataset the roll-up cache key changes: the first request recomputes it
    from sentra.federation import selectors

    t0 = time.perf_counter()
    selectors._rollup("", today)
    print(f"roll-up recomputed from {len(envelopes)} latest datasets: {(time.perf_counter() - t0) * 1000:.0f} ms")
    print(f"cpu probe at end {cpu_probe_ms():.0f} ms")


if __name__ == "__main__":
    main()
