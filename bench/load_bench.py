"""Load benchmark: the production process model (gunicorn.conf.py) under many concurrent clients.

    .venv/bin/python bench/load_bench.py                         # 200 clients, 120 s, PostgreSQL
    .venv/bin/python bench/load_bench.py --clients 50 --seconds 20
    BENCH_LOAD_PG_URL=postgres://postgres@127.0.0.1:5432/sentra_load_bench  (default; created and seeded once)
    WEB_CONCURRENCY / GUNICORN_THREADS / DB_POOL_MAX are passed on to gunicorn when set.

Starts gunicorn with gunicorn.conf.py on a PostgreSQL database holding the demo data (seed_demo), then
runs N client threads for the given time, each on its own keep-alive connection, requesting a mix of public
pages (70 %: home, public statistics, catalog, product list, training schedule, the statistics API) and
pages of signed-in staff (30 %: registry list and a filter, the staff dashboard). Prints requests, errors
(a 4xx/5xx status, or no answer), p50 / p95 / p99 latency, requests per second, and the most server
connections seen in pg_stat_activity against max_connections.
"""

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ["/", "/statistik/", "/katalog/", "/katalog/produk/", "/program/jadwal/", "/api/v1/statistics"]
STAFF = ["/ikm/", "/ikm/?kecamatan=35.22.05", "/dasbor/"]


def psql(url_db: str, sql: str) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", url_db, "-tAc", sql], capture_output=True, text=True
    ).stdout.strip()


def prepare(url: str):
    name = url.rsplit("/", 1)[1]
    exists = psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"
    env = {**os.environ, "DATABASE_URL": url}
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "seed_demo_if_empty"], cwd=ROOT, env=env, check=True)


def sign_in(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/akun/masuk/")
    resp = conn.getresponse()
    page = resp.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", resp.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "username": "staf", "password": "sentra-demo"})
    conn.request(
        "POST",
        "/akun/masuk/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Referer": f"http://127.0.0.1:{port}/akun/masuk/",
        },
    )
    resp = conn.getresponse()
    resp.read()
    session = re.search(r"sessionid=([^;]+)", resp.getheader("Set-Cookie") or "")
    assert resp.status == 302 and session, f"sign-in failed: {resp.status}"
    return f"sessionid={session.group(1)}"


class Client(threading.Thread):
    def __init__(self, port, until, cookies, seed):
        super().__init__(daemon=True)
        self.port, self.until, self.cookies = port, until, cookies
        self.random = random.Random(seed)
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}

    def run(self):
        conn = None
        while time.monotonic() < self.until:
            staff = self.random.random() < 0.3
            path = self.random.choice(STAFF if staff else PUBLIC)
            headers = {"Cookie": self.random.choice(self.cookies)} if staff else {}
            started = time.monotonic()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                resp.read()
                if resp.status >= 400:
                    key = f"{resp.status} {path}"
                    self.errors[key] = self.errors.get(key, 0) + 1
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as exc:
                key = f"{type(exc).__name__} {path}"
                self.errors[key] = self.errors.get(key, 0) + 1
                conn = None
            self.latencies.append(time.monotonic() - started)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    url = os.environ.get("BENCH_LOAD_PG_URL", "postgres://postgres@127.0.0.1:5432/sentra_load_bench")
    prepare(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SENTRA_API_RATE_ANON": "",  # every bench client comes from one address
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "sentra.wsgi:application"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                cookies = [sign_in(args.port) for _ in range(5)]
                break
            except (OSError, AttributeError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        name = url.rsplit("/", 1)[1]
        max_conn = int(psql(name, "SHOW max_connections"))
        seen = [0]
        stop = threading.Event()

        def watch():
            while not stop.wait(0.5):
                n = psql(name, f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}'")
                seen[0] = max(seen[0], int(n or 0))

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        until = time.monotonic() + args.seconds
        clients = [Client(args.port, until, cookies, seed) for seed in range(args.clients)]
        started = time.monotonic()
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        elapsed = time.monotonic() - started
        stop.set()
        latencies = [x for c in clients for x in c.latencies]
        errors: dict[str, int] = {}
        for c in clients:
            for k, v in c.errors.items():
                errors[k] = errors.get(k, 0) + v
        workers = env.get("WEB_CONCURRENCY") or "2×cores"
        print(
            f"{args.clients} clients, {elapsed:.0f} s, gunicorn workers {workers}, "
            f"threads {env.get('GUNICORN_THREADS', 4)}, pool {env.get('DB_POOL_MAX', 'threads')} per process"
        )
        print(
            f"  {len(latencies):,} requests, {sum(errors.values())} errors, {len(latencies) / elapsed:.0f} req/s; "
            f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {percentile(latencies, 95) * 1000:.0f} ms, "
            f"p99 {percentile(latencies, 99) * 1000:.0f} ms"
        )
        print(f"  most server connections seen: {seen[0]} of max_connections {max_conn}")
        for key, n in sorted(errors.items(), key=lambda kv: -kv[1])[:10]:
            print(f"    {n:6}  {key}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
