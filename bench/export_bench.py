"""Export benchmark: the web export of a large registry (first byte, total time, memory).

    .venv/bin/python bench/export_bench.py                    # 200,000 businesses, SQLite
    .venv/bin/python bench/export_bench.py --rows 50000 --pg  # also PostgreSQL (BENCH_PG_URL, emptied!)
    .venv/bin/python bench/export_bench.py --first-byte-only  # only the first bytes, twice per format (warm)

The registry is built once per size by importing the import bench's generated file (cached in
bench/out/export_<rows>.sqlite3; PostgreSQL: BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432/sentra_export_bench). Each measurement runs in a fresh child
process through Django's full request handling (the real view, signed in as staff): seconds to the first
byte, seconds to the last, MB sent, and the child's peak resident memory before and after the request.
"The previous way" builds the whole xlsx file with XlsxWriter before sending anything, as the view did.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _env(url):
    return {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "MEDIA_ROOT": str(OUT / "export_media")}


def _manage(url, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=_env(url), check=True)


def prepare(url: str, rows: int, fresh: bool):
    from import_bench import write_csv

    OUT.mkdir(exist_ok=True)
    if fresh:
        _manage(url, "migrate", "-v0")
        data = OUT / f"export_{rows}.csv"
        if not data.exists():
            write_csv(data, rows)
        started = time.perf_counter()
        _manage(url, "import_ikm", str(data))
        print(f"  registry of {rows:,} imported in {time.perf_counter() - started:.0f} s")


def child(url: str, fmt: str, previous: bool, first_only: bool = False):
    os.environ.update(_env(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
    import django

    django.setup()
    from django.test import Client

    from sentra.accounts.models import User

    user, _ = User.objects.get_or_create(username="bench.export", defaults={"role": "staff"})
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if previous:
        import tempfile

        from sentra.imports.export import export_registry
        from sentra.registry.models import Business

        with tempfile.TemporaryFile() as tmp:
            export_registry(Business.objects.all(), tmp, "xlsx", personal=True)
            first = time.perf_counter() - started
            size = tmp.tell()
        total = first
    else:
        client = Client()
        client.force_login(user)
        # a first request (matching nothing) loads the URLconf and views, as a running server has
        b"".join(client.get("/impor/ekspor/?format=csv&q=tidak-ada-yang-cocok").streaming_content)
        started = time.perf_counter()
        response = client.get("/impor/ekspor/" + ("?format=csv" if fmt == "csv" else ""))
        assert response.status_code == 200 and response.streaming
        first, size, chunks = None, 0, 0
        for chunk in response.streaming_content:
            if first is None:
                first = time.perf_counter() - started
            size += len(chunk)
            chunks += 1
            if first_only and size > 20_000:  # the header and the first ~100 rows; the client goes away
                second = time.perf_counter() - started
                response.close()
                break
        total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if first_only:
        print(json.dumps({"first": first, "rows_at": second, "kb": size / 1e3, "chunks": chunks}))
        return
    print(json.dumps({"first": first, "total": total, "mb": size / 1e6, "base_rss": base_rss, "peak_rss": peak}))


def measure(url: str, fmt: str, previous=False, first_only=False) -> dict:
    args = [sys.executable, __file__, "--child", url, fmt] + (["--previous"] if previous else [])
    args += ["--first-byte-only"] if first_only else []
    out = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(label, m):
    print(
        f"  {label:<34} first byte {m['first']:7.3f} s · all {m['total']:6.1f} s · {m['mb']:6.1f} MB · "
        f"peak RSS {m['peak_rss']:5.0f} MB (before the request {m['base_rss']:.0f} MB)"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--pg", action="store_true")
    parser.add_argument("--child", nargs=2)
    parser.add_argument("--previous", action="store_true")
    parser.add_argument("--first-byte-only", action="store_true", help="stop reading after the first bytes")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.previous, args.first_byte_only)
        return
    targets = []
    db = OUT / f"export_{args.rows}.sqlite3"
    targets.append(("SQLite", f"sqlite:///{db}", not db.exists()))
    if args.pg:
        url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/sentra_export_bench")
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        targets.append(("PostgreSQL", url, True))
    for label, url, fresh in targets:
        print(f"{label}, {args.rows:,} businesses")
        try:
            prepare(url, args.rows, fresh)
        except BaseException:
            if label == "SQLite":
                db.unlink(missing_ok=True)
            raise
        if args.first_byte_only:
            for fmt in ("csv", "xlsx"):
                for attempt in (1, 2):  # the second: the database file warm in the page cache
                    m = measure(url, fmt, first_only=True)
                    print(
                        f"  {fmt}, streamed ({attempt}): first byte {m['first']:.3f} s, "
                        f"first {m['kb']:.0f} KB {m['rows_at']:.3f} s"
                    )
            continue
        report("csv, streamed", measure(url, "csv"))
        report("xlsx, streamed", measure(url, "xlsx"))
        report("xlsx, the previous way (whole file)", measure(url, "xlsx", previous=True))
    shutil.rmtree(OUT / "export_media", ignore_errors=True)


if __name__ == "__main__":
    main()
