"""Each role's home after sign-in; admins reset a password after a confirmation; the Tinjauan menu counts;
the sign-in page explains the second step."""

import pytest
from django.contrib.auth import authenticate

from sentra.accounts.models import BusinessClaim, User

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-uji-123"


@pytest.mark.parametrize(
    "role, home",
    [
        ("staff", "/dasbor/"),
        ("operator", "/dasbor/"),
        ("owner", "/akun/usaha/"),
        ("partner", "/program/mitra/"),
        ("buyer", "/pesanan/"),
    ],
)
def test_each_role_lands_on_its_own_home(client, role, home):
    User.objects.create_user(username=f"u_{role}", password=PASSWORD, role=role)
    response = client.post("/akun/masuk/", {"username": f"u_{role}", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == home


def test_sign_in_page_explains_the_second_step(client):
    page = client.get("/akun/masuk/").content.decode()
    assert 'id="otp-help"' in page and "aplikasi autentikator" in page and "kosongkan" in page


def test_admin_resets_a_password_after_confirming(client, admin_user):
    target = User.objects.create_user(username="lupa", password=PASSWORD, role="owner")
    client.force_login(admin_user)
    page = client.post(f"/akun/pengguna/{target.pk}/sandi/").content.decode()
    assert "Atur ulang kata sandi lupa?" in page
    assert authenticate(username="lupa", password=PASSWORD) is not None  # not yet
    response = client.post(f"/akun/pengguna/{target.pk}/sandi/", {"_confirmed": "1"}, follow=True)
    text = response.content.decode()
    assert "Kata sandi sementara lupa:" in text
    temporary = text.split("Kata sandi sementara lupa: ")[1].split(" ")[0]
    assert authenticate(username="lupa", password=PASSWORD) is None
    assert authenticate(username="lupa", password=temporary) is not None
    assert f"/akun/pengguna/{target.pk}/sandi/" in client.get(f"/akun/pengguna/{target.pk}/").content.decode()


def test_review_menu_shows_what_waits(client, staff_user, owner_user, make_business):
    client.force_login(staff_user)
    page = client.get("/akun/tinjauan/").content.decode()
    assert 'id="nav-review"' in page and 'class="badge no"' not in page
    BusinessClaim.objects.create(user=owner_user, business=make_business(), matched_on="nib")
    page = client.get("/akun/tinjauan/").content.decode()
    nav = page[page.index('id="nav-review"') : page.index("</a>", page.index('id="nav-review"'))]
    assert '<span class="badge no"' in nav and ">1</span>" in nav
