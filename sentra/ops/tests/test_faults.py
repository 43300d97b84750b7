"""The database cannot answer: the user gets the Indonesian 503 page, never a 500, and the next request works.

- SQLite: a large import holds the only write lock. A real server (runserver, a file database); a second
  connection holds the write lock the way an import does; sign-in waits the busy timeout, then gets
  "sedang ada impor besar, coba lagi sebentar"; once the lock is gone sign-in works.
- PostgreSQL: the server terminates the app's connection while a request is being served
  (pg_terminate_backend). A real WSGI server (live_server); the request in flight gets the page, the next
  ones work without restarting anything.
"""

import http.cookiejar
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import request_started
from django.db import OperationalError, connection
from django.test import RequestFactory

from sentra.ops.faults import classify, server_error

ROOT = Path(__file__).resolve().parents[3]
VENDOR = "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "postgresql"
LOCKED_TEXT = "Sedang ada impor besar, coba lagi sebentar."
UNAVAILABLE_TEXT = "Sambungan ke basis data terputus"


class Browser:
    """A cookie-keeping HTTP client that does not raise on 4xx/5xx and does not follow redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect)

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(req, timeout=60) as resp:
                return resp.status, resp.read().decode(), dict(resp.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), dict(exc.headers)

    def sign_in(self, username, password):
        status, page, _ = self.request("/akun/masuk/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("/akun/masuk/", {"csrfmiddlewaretoken": token, "username": username, "password": password})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(VENDOR != "sqlite", reason="SQLite's single write lock")
def test_sqlite_write_lock_held_by_an_import_gives_the_try_again_page_not_a_500(tmp_path):
    db = tmp_path / "locked.sqlite3"
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{db}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SQLITE_BUSY_TIMEOUT_MS": "1500",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    create = (
        "from sentra.accounts.models import User; "
        "User.objects.create_user('staf.uji', password='sandi-uji-12345', role='staff')"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", create], cwd=ROOT, env=env, check=True, capture_output=True
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        while True:
            try:
                browser.request("/akun/masuk/")
                break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)

        # The import's transaction: another connection holding the write lock.
        importer = sqlite3.connect(db, isolation_level=None)
        importer.execute("BEGIN IMMEDIATE")
        importer.execute("UPDATE accounts_user SET first_name = 'impor' WHERE username = 'nobody'")
        try:
            # reading still works (WAL)
            status, _, _ = browser.request("/statistik/")
            assert status == 200
            started = time.monotonic()
            status, page, headers = browser.sign_in("staf.uji", "sandi-uji-12345")
            waited = time.monotonic() - started
            assert status == 503, page[:500]
            assert LOCKED_TEXT in page
            assert headers.get("Retry-After") == "30"
            assert waited >= 1.4  # it waited the busy timeout before giving up
        finally:
            importer.execute("ROLLBACK")
            importer.close()

        # The lock is gone: the same sign-in goes through.
        status, page, headers = browser.sign_in("staf.uji", "sandi-uji-12345")
        assert status == 302, page[:500]
        status, page, _ = browser.request("/ikm/")
        assert status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.skipif(VENDOR != "postgresql", reason="PostgreSQL terminating the app's connections")
@pytest.mark.django_db(transaction=True)
def test_postgresql_terminating_connections_mid_request_gives_the_page_and_the_next_requests_work(
    live_server, django_user_model
):
    import psycopg

    django_user_model.objects.create_user(username="staf.uji", password="sandi-uji-12345", role="staff")
    s = connection.settings_dict
    admin = psycopg.connect(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"], password=s["PASSWORD"] or None,
        dbname=s["NAME"], autocommit=True,
    )  # fmt: skip
    terminated = []

    def terminate_while_serving(sender, **kwargs):
        """Runs in the server's request thread: open its connection, then have the server end it."""
        from django.db import connection as served

        served.ensure_connection()
        with served.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        terminated.append(pid)

    browser = Browser(live_server.url)
    try:
        assert browser.sign_in("staf.uji", "sandi-uji-12345")[0] == 302
        request_started.connect(terminate_while_serving)
        try:
            status, page, headers = browser.request("/ikm/")
        finally:
            request_started.disconnect(terminate_while_serving)
        assert terminated, "the connection must have been terminated during the request"
        assert status == 503, page[:500]
        assert UNAVAILABLE_TEXT in page and headers.get("Retry-After") == "30"
        # API clients get JSON
        request_started.connect(terminate_while_serving)
        try:
            status, body, headers = browser.request("/api/v1/statistics")
        finally:
            request_started.disconnect(terminate_while_serving)
        assert status == 503 and '"detail"' in body and headers["Content-Type"].startswith("application/json")

        # The next requests work, signed in as before, without restarting anything.
        for _ in range(3):
            status, page, _ = browser.request("/ikm/")
            assert status == 200, page[:500]
        assert browser.request("/api/v1/statistics")[0] == 200
    finally:
        admin.close()


def test_database_faults_outside_views_get_the_page_through_handler500():
    request = RequestFactory().get("/ikm/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and LOCKED_TEXT in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert classify(OperationalError("terminating connection due to administrator command")) == "unavailable"
    assert classify(ValueError()) is None


@pytest.mark.django_db
def test_a_nul_character_in_the_query_is_refused_not_a_500(client, reference_data):
    response = client.get("/api/v1/businesses?kecamatan=%00x")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    response = client.get("/ikm/?q=a%00b")
    assert response.status_code == 400
