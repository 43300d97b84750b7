"""Engagement benchmark: the SKM report of a period with 100,000 answers (target ≤ 200 ms) and the
similar-idea suggestions for a new idea among 20,000 ideas (target ≤ 50 ms at the 95th percentile).

Run on demand (never as a test):
    .venv/bin/python bench/voice_bench.py                      # SQLite (a temporary file database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sentra_voice .venv/bin/python bench/voice_bench.py

It builds a throw-away test database (test_<name>), fills it, measures, prints the figures and drops it.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

RESPONSES, IDEAS = 100_000, 20_000
ONLY = os.environ.get("VOICE_BENCH_ONLY", "")  # "skm" or "ideas" to run one half
REPORT_RUNS, SIMILAR_RUNS = 30, 300

TOPICS = [
    "sertifikasi halal",
    "pendampingan nib",
    "izin pirt",
    "merek dagang hki",
    "pelatihan desain kemasan",
    "pelatihan foto produk",
    "pemasaran daring",
    "pameran luar kota",
    "akses kur",
    "hibah peralatan",
    "mesin jahit",
    "oven roti",
    "bahan baku kain batik",
    "benang tenun",
    "kedelai murah",
    "gula aren",
    "kebijakan produk lokal",
    "suvenir kantor",
    "galeri dekranasda",
    "ekspor kerajinan",
    "label gizi",
    "uji laboratorium",
    "kemasan vakum",
    "toko oleh-oleh",
    "pelatihan keuangan",
    "pembukuan sederhana",
]
FRAMES = [
    "Mohon {t} untuk IKM di kecamatan {k}",
    "Kami butuh {t} agar usaha {p} bisa berkembang",
    "Usul {t} bagi pelaku usaha {p}",
    "Tolong adakan {t} tahun depan",
    "{t} masih sulit, perlu pendampingan dari dinas",
    "Bantuan {t} untuk kelompok {p} desa {k}",
]
PRODUCTS = ["keripik", "batik", "tenun", "ledre", "jamu", "kopi", "sambal", "anyaman", "roti", "mebel"]
PLACES = ["Dander", "Kapas", "Baureno", "Kalitidu", "Sumberrejo", "Padangan", "Ngasem", "Tambakrejo"]


def idea_text(rng: random.Random) -> str:
    return rng.choice(FRAMES).format(t=rng.choice(TOPICS), k=rng.choice(PLACES), p=rng.choice(PRODUCTS))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    if connection.vendor == "sqlite":
        tmp = tempfile.mkdtemp(prefix="sentra-bench-")
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tmp, "bench.sqlite3")
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)


def run():
    import datetime as dt

    from sentra.engagement.models import Service, SurveyPeriod
    from sentra.engagement.reference import load_services

    print(f"database: {connection.vendor}")
    rng = random.Random(23)
    load_services(Service)
    services = list(Service.objects.order_by("order"))
    for s in services:
        s.population = rng.randint(100, 3000)
        s.save()
    earlier = SurveyPeriod.objects.create(
        name="Semester I", year=2026, semester=1, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 6, 30)
    )
    period = SurveyPeriod.objects.create(
        name="Semester II", year=2026, semester=2, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 12, 31)
    )
    for p in (earlier, period):
        p.services.set(services)

    if ONLY != "ideas":
        run_skm(rng, services, earlier, period)
    if ONLY != "skm":
        run_ideas(rng)


def run_skm(rng, services, earlier, period):
    from django.db import reset_queries, transaction
    from django.db.models import Count, Sum
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sentra.engagement import selectors, skm
    from sentra.engagement.models import ELEMENT_FIELDS, SurveyResponse

    start = time.perf_counter()
    sums = [0] * 9
    table = SurveyResponse._meta.db_table
    columns = [
        "period_id", "service_id", *ELEMENT_FIELDS, "age_band", "sex", "education", "occupation",
        "anonymous", "ip_hash", "submitted_at",
    ]  # fmt: skip
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    now = timezone.now()

    def answer_rows(period, count, low=1):
        for i in range(count):
            scores = [rng.choice((1, 2, 3, 3, 3, 4, 4)) if low == 1 else rng.randint(low, 4) for _ in range(9)]
            if period is target:
                for j, s in enumerate(scores):
                    sums[j] += s
            yield (
                period.pk,
                services[i % len(services)].pk,
                *scores,
                rng.choice(SurveyResponse.AgeBand.values),
                rng.choice(SurveyResponse.Sex.values),
                rng.choice(SurveyResponse.Education.values),
                rng.choice(SurveyResponse.Occupation.values),
                rng.random() < 0.7,
                "",
                now,
            )

    target = period
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, list(answer_rows(period, RESPONSES)))
        cursor.executemany(sql, list(answer_rows(earlier, 5000, low=2)))  # a smaller earlier period: the trend
    print(f"filled {RESPONSES:,} + 5,000 answers in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    cells = selectors.skm_tallies_rebuild(period) + selectors.skm_tallies_rebuild(earlier)
    print(
        f"running totals rebuilt from the answers (one GROUP BY; after bulk loads only): {cells:,} rows in "
        f"{time.perf_counter() - start:.2f} s"
    )

    # --- the SKM report ------------------------------------------------------------------------------
    report = selectors.skm_report(period)
    assert report["overall"].n == RESPONSES
    assert report["overall"].result == skm.compute_from_sums(sums, RESPONSES), "report differs from compute"
    times = []
    for _ in range(REPORT_RUNS):
        reset_queries()
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            selectors.skm_report(period)
        times.append((time.perf_counter() - t0) * 1000)
    print(
        f"SKM report of a period with {RESPONSES:,} answers ({len(queries.captured_queries)} queries over the "
        f"running totals): median {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 95):.1f} ms, max {max(times):.1f} ms  (target ≤ 200 ms)"
    )
    print(
        f"  index {report['overall'].result['index_display']} grade {report['overall'].result['grade']}; "
        f"weakest {[w[0] for w in report['overall'].weakest]}"
    )

    # the same report straight from the answers (no running totals), for comparison
    aggregates = {f: Sum(f) for f in ELEMENT_FIELDS}
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        list(period.responses.order_by().values("service_id", "anonymous").annotate(c=Count("pk"), **aggregates))
        list(period.responses.order_by().values("sex", "age_band", "education", "occupation").annotate(c=Count("pk")))
        times.append((time.perf_counter() - t0) * 1000)
    print(
        f"  for comparison, the two GROUP BYs over the {RESPONSES:,} answers themselves: "
        f"median {statistics.median(times):.0f} ms"
    )


def run_ideas(rng):
    from sentra.engagement import selectors
    from sentra.engagement.models import Idea
    from sentra.engagement.services import normalize_text

    start = time.perf_counter()
    ideas = []
    for _ in range(IDEAS):
        text = idea_text(rng)
        ideas.append(
            Idea(
                category=rng.choice(Idea.Category.values),
                text=text,
                normalized=normalize_text(text),
                source="meeting",
            )
        )
    Idea.objects.bulk_create(ideas, batch_size=5000)
    print(f"filled {IDEAS:,} ideas in {time.perf_counter() - start:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # --- similar-idea suggestions --------------------------------------------------------------------
    t0 = time.perf_counter()
    selectors.similar_ideas("warming up the cached list")
    first = (time.perf_counter() - t0) * 1000
    print(f"similar ideas: first call (builds the cached normalised list of {IDEAS:,}): {first:.0f} ms")
    times = []
    found = []
    for _ in range(SIMILAR_RUNS):
        text = idea_text(rng)
        t0 = time.perf_counter()
        result = selectors.similar_ideas(text)
        times.append((time.perf_counter() - t0) * 1000)
        found.append(len(result))
    print(
        f"similar ideas for a new idea among {IDEAS:,}: median {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 95):.1f} ms, max {max(times):.1f} ms  (target p95 ≤ 50 ms); "
        f"{statistics.mean(found):.1f} suggestions on average"
    )


if __name__ == "__main__":
    main()
