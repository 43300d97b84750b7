import pyotp
import pytest
from django.core import mail

from sentra.accounts import totp
from sentra.accounts.models import LoginFailure


def _login(client, username, password, otp=""):
    return client.post("/akun/masuk/", {"username": username, "password": password, "otp": otp})


def test_wrong_password_gives_an_indonesian_message_and_keeps_the_username(client, staff_user):
    response = _login(client, "t_staf", "salah")
    page = response.content.decode()
    assert response.status_code == 200 and "Nama pengguna atau kata sandi salah." in page
    assert 'value="t_staf"' in page


def test_lockout_after_repeated_failures_even_with_the_right_password(client, staff_user, settings):
    settings.SENTRA_LOCKOUT_ATTEMPTS = 3
    for _ in range(3):
        _login(client, "t_staf", "salah")
    response = _login(client, "t_staf", "pw-test-12345")
    assert response.status_code == 200
    assert "dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_the_window(client, staff_user, settings):
    settings.SENTRA_LOCKOUT_ATTEMPTS = 2
    for _ in range(2):
        _login(client, "t_staf", "salah")
    LoginFailure.objects.update(created_at="2000-01-01T00:00:00Z")
    assert _login(client, "t_staf", "pw-test-12345").status_code == 302
    assert not LoginFailure.objects.exists()  # success clears the count


def test_the_api_token_endpoint_shares_the_lockout(client, staff_user, settings):
    settings.SENTRA_LOCKOUT_ATTEMPTS = 2
    for _ in range(2):
        client.post("/api/v1/auth/token", {"username": "t_staf", "password": "salah"})
    response = client.post("/api/v1/auth/token", {"username": "t_staf", "password": "pw-test-12345"})
    assert response.status_code == 429


def test_totp_is_required_once_confirmed(client, staff_user):
    device = totp.device_start(staff_user)
    code = pyotp.TOTP(device.secret).now()
    assert totp.device_confirm(device, code)
    assert _login(client, "t_staf", "pw-test-12345").status_code == 200  # no code: refused
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    device.last_counter -= 1  # allow the current code once more for this test
    device.save()
    assert _login(client, "t_staf", "pw-test-12345", otp=code).status_code == 302


def test_a_totp_code_cannot_be_replayed(staff_user):
    device = totp.device_start(staff_user)
    code = pyotp.TOTP(device.secret).now()
    assert totp.device_confirm(device, code)
    assert not totp.verify_for_login(staff_user, code)


def test_totp_setup_page_for_staff(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/akun/dua-langkah/", {"action": "start"})
    assert response.status_code == 200 and "otpauth://" in response.content.decode()
    bad = client.post("/akun/dua-langkah/", {"code": "000000"})
    assert "Kode salah" in bad.content.decode()


def test_password_reset_by_email(client, staff_user):
    staff_user.email = "staf@example.invalid"
    staff_user.save()
    response = client.post("/akun/sandi/lupa/", {"email": "staf@example.invalid"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/akun/sandi/atur/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Batik-Jonegoroan-2026", "new_password2": "Batik-Jonegoroan-2026"},
    )
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.check_password("Batik-Jonegoroan-2026")


@pytest.mark.parametrize("password", ["pendek1", "1234567890123", "password123"])
def test_weak_passwords_are_refused_at_signup(client, password, reference_data):
    response = client.post(
        "/akun/daftar/",
        {
            "username": "baru",
            "first_name": "Bu Baru",
            "email": "baru@example.invalid",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    assert 'value="baru"' in response.content.decode()  # what was typed is kept


def test_security_headers_are_set(client, db):
    response = client.get("/statistik/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_password_change_keeps_the_session_and_refuses_a_weak_password(client, owner_user):
    client.force_login(owner_user)
    weak = client.post(
        "/akun/sandi/ganti/",
        {"old_password": "pw-test-12345", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200
    owner_user.refresh_from_db()
    assert owner_user.check_password("pw-test-12345")
    ok = client.post(
        "/akun/sandi/ganti/",
        {
            "old_password": "pw-test-12345",
            "new_password1": "Gerabah-Bojonegoro-9",
            "new_password2": "Gerabah-Bojonegoro-9",
        },
    )
    assert ok.status_code == 302
    owner_user.refresh_from_db()
    assert owner_user.check_password("Gerabah-Bojonegoro-9")
    assert client.get("/akun/sandi/ganti/").status_code == 200  # still signed in
