"""Production process model for Sentra (gunicorn; README "Production process model").

    gunicorn -c gunicorn.conf.py sentra.wsgi:application

Processes × threads answer the requests; each process holds a small pool of database connections that its
threads share (PostgreSQL: Django 5.2's psycopg pool, DB_POOL_MAX connections per process), so the
number of server connections is fixed — WEB_CONCURRENCY × DB_POOL_MAX, plus the import worker — however
many clients come: the others wait in gunicorn's queue or for a pooled connection (DB_POOL_TIMEOUT
seconds, then the Indonesian "coba lagi sebentar" page), never "too many clients".

Environment: WEB_CONCURRENCY (processes; default 2 × cores), GUNICORN_THREADS (per process; default 4),
GUNICORN_BIND (default 127.0.0.1:8000), GUNICORN_TIMEOUT (default 60 s). On PostgreSQL DB_POOL_MAX
defaults to GUNICORN_THREADS (one connection per thread, never more).
Check: WEB_CONCURRENCY × DB_POOL_MAX + 5 ≤ max_connections − superuser_reserved_connections.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
backlog = 2048  # clients beyond workers × threads wait here, not in the database
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
max_requests = 5000  # recycle processes now and then (memory)
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"

if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    os.environ.setdefault("DB_POOL_MAX", str(threads))
    os.environ.setdefault("DB_POOL_MIN", "1")
