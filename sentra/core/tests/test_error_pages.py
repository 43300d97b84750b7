"""Styled Indonesian error pages with the site's navigation; a favicon."""

import pytest
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def test_404_is_indonesian_with_navigation(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/tidak-ada-halaman-ini/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'id="error-404"' in page and "Halaman tidak ditemukan" in page
    assert "<nav>" in page and "Registri IKM" in page and "favicon.svg" in page


def test_403_for_an_owner_says_what_they_can_do(client, owner_user):
    client.force_login(owner_user)
    response = client.get("/ikm/")
    page = response.content.decode()
    assert response.status_code == 403
    assert 'id="error-403"' in page and 'id="owner-alternatives"' in page
    assert "/akun/usaha/" in page and "mengelola produk Anda" in page


def test_403_for_anonymous_offers_sign_in(client):
    response = client.get("/program/")
    assert response.status_code in (302, 403)
    if response.status_code == 403:
        assert "Masuk" in response.content.decode()


def test_500_page_with_navigation_and_a_plain_fallback(monkeypatch, staff_user):
    from sentra.core import views

    request = RequestFactory().get("/")
    request.user = staff_user
    response = views.server_error(request)
    page = response.content.decode()
    assert response.status_code == 500 and 'id="error-500"' in page and "<nav>" in page and "Dasbor" in page

    monkeypatch.setattr(views.loader, "render_to_string", _first_call_fails(views.loader.render_to_string))
    response = views.server_error(request)
    assert response.status_code == 500 and "Maaf, terjadi kesalahan" in response.content.decode()


def _first_call_fails(real):
    calls = {"n": 0}

    def render(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database is locked")
        return real(*args, **kwargs)

    return render


def test_favicon_is_served(client):
    from django.contrib.staticfiles import finders

    path = finders.find("favicon.svg")
    assert path and open(path).read().startswith("<svg")
