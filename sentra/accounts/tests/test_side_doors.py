"""Issue 17, point 2: the Django admin is no side door; lockout behind a proxy, per account and per address;
API tokens end with the password, the account, or "sign out everywhere"."""

from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone

from sentra.accounts import totp
from sentra.accounts.models import ApiToken, LoginFailure, PersonalDataAccess
from sentra.core.models import ChangeLog

PASSWORD = "pw-test-12345"


@pytest.fixture
def admin_with_totp(admin_user):
    admin_user.is_staff = True
    admin_user.save()
    device = totp.device_start(admin_user)
    assert totp.device_confirm(device, pyotp.TOTP(device.secret).now())
    return admin_user


def _login(client, username, password, otp="", ip=None, **extra):
    if ip:
        extra["HTTP_X_FORWARDED_FOR"] = ip
    return client.post("/akun/masuk/", {"username": username, "password": password, "otp": otp}, **extra)


# --- the admin site signs in through Sentra -------------------------------------------------------------------


def test_admin_login_is_sentras_sign_in(client, admin_with_totp):
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302 and page["Location"].startswith("/akun/masuk/?next=/admin/")
    # the password alone, posted to the admin's own form, gives no session
    response = client.post("/admin/login/?next=/admin/", {"username": "t_admin", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert client.get("/admin/").status_code == 302
    # Sentra's sign-in asks for the second factor
    assert _login(client, "t_admin", PASSWORD).status_code == 200 and "_auth_user_id" not in client.session


def test_wrong_admin_passwords_count_toward_the_lockout(client, admin_with_totp, settings):
    settings.SENTRA_LOCKOUT_ATTEMPTS = 3
    for _ in range(20):
        client.post("/admin/login/", {"username": "t_admin", "password": "salah"})
        _login(client, "t_admin", "salah")
    assert LoginFailure.objects.filter(username="t_admin").exists()
    assert "dikunci sementara" in _login(client, "t_admin", PASSWORD).content.decode()


def test_admin_owner_page_masks_nik_and_logs_a_reveal(client, admin_user, make_business):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    business = make_business(district="Dander")
    owner = business.owner
    owner.nik = "3522014509800001"
    owner.save()
    client.force_login(admin_user)
    page = client.get(f"/admin/registry/owner/{owner.pk}/change/").content.decode()
    assert "3522014509800001" not in page and owner.nik_masked in page
    assert client.get(f"/admin/registry/owner/{owner.pk}/nik/").status_code == 405
    assert not PersonalDataAccess.objects.exists()
    reveal = client.post(f"/admin/registry/owner/{owner.pk}/nik/")
    assert "3522014509800001" in reveal.content.decode()
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.kind, log.object_id) == (admin_user, "reveal", str(owner.pk))
    # saving the owner in the admin keeps the NIK (it is not a field of the form)
    client.post(f"/admin/registry/owner/{owner.pk}/change/", {"name": "Nama Baru", "gender": ""})
    owner.refresh_from_db()
    assert owner.nik == "3522014509800001"


def test_change_history_cannot_be_deleted_or_edited_in_the_admin(client, admin_user, make_business):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    make_business(district="Dander")
    entry = ChangeLog.objects.first()
    client.force_login(admin_user)
    assert client.get(f"/admin/core/changelog/{entry.pk}/delete/").status_code == 403
    client.post("/admin/core/changelog/", {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert ChangeLog.objects.filter(pk=entry.pk).exists()


# --- lockout: client address from the proxy, per account and per address ---------------------------------------


def test_the_client_address_comes_from_the_configured_proxy_header(client, staff_user, settings):
    settings.SENTRA_PROXY_IP_HEADER = "X-Forwarded-For"
    # a client that writes its own X-Forwarded-For entry: only what our proxy appended counts
    _login(client, "t_staf", "salah", ip="10.9.9.9, 198.51.100.7")
    assert LoginFailure.objects.get().ip == "198.51.100.7"
    settings.SENTRA_PROXY_IP_HEADER = ""  # not configured: the header is ignored
    _login(client, "t_staf", "salah", ip="198.51.100.99")
    assert LoginFailure.objects.order_by("-id").first().ip == "127.0.0.1"


def test_a_guesser_locks_themselves_not_the_user_elsewhere(client, staff_user, settings):
    settings.SENTRA_PROXY_IP_HEADER = "X-Forwarded-For"
    settings.SENTRA_LOCKOUT_ATTEMPTS = 3
    for _ in range(3):
        _login(client, "t_staf", "salah", ip="198.51.100.7")
    # the guesser's address is locked for this account, even with the right password
    assert "dikunci sementara" in _login(client, "t_staf", PASSWORD, ip="198.51.100.7").content.decode()
    # a minute later the user, at their own address, signs in (the account is delayed by seconds, not locked)
    LoginFailure.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    assert _login(client, "t_staf", PASSWORD, ip="203.0.113.20").status_code == 302


def test_one_client_cannot_lock_every_account(client, django_user_model, staff_user, settings):
    settings.SENTRA_PROXY_IP_HEADER = "X-Forwarded-For"
    settings.SENTRA_LOCKOUT_ATTEMPTS = 2
    victims = [django_user_model.objects.create_user(username=f"v{i}", password=PASSWORD) for i in range(5)]
    for victim in victims:
        for _ in range(2):
            _login(client, victim.username, "salah", ip="198.51.100.7")
    # the address is locked for every account now, also for one it never tried
    assert "dikunci sementara" in _login(client, "t_staf", PASSWORD, ip="198.51.100.7").content.decode()
    LoginFailure.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    for victim in victims:
        client.logout()
        assert _login(client, victim.username, PASSWORD, ip="203.0.113.20").status_code == 302


def test_failures_from_many_addresses_slow_the_account_progressively(client, staff_user, settings):
    settings.SENTRA_PROXY_IP_HEADER = "X-Forwarded-For"
    settings.SENTRA_LOCKOUT_ATTEMPTS = 3
    for i in range(6):
        LoginFailure.objects.update(created_at=timezone.now() - timedelta(seconds=61))  # past any delay
        _login(client, "t_staf", "salah", ip=f"198.51.100.{i + 1}")
    # each address failed once (no lock), the account as a whole six times: wait 2**(6-3) = 8 s
    page = _login(client, "t_staf", PASSWORD, ip="203.0.113.20").content.decode()
    assert "Coba lagi dalam 8 detik" in page and "_auth_user_id" not in client.session
    assert _login(client, "t_staf", "salah", ip="198.51.100.50").status_code == 200
    assert LoginFailure.objects.count() == 6  # an attempt refused for the delay is not even tried
    LoginFailure.objects.update(created_at=timezone.now() - timedelta(seconds=9))
    assert _login(client, "t_staf", PASSWORD, ip="203.0.113.20").status_code == 302


def test_the_api_token_endpoint_uses_the_proxy_address(client, staff_user, settings):
    settings.SENTRA_PROXY_IP_HEADER = "X-Forwarded-For"
    settings.SENTRA_LOCKOUT_ATTEMPTS = 2
    for _ in range(2):
        client.post(
            "/api/v1/auth/token", {"username": "t_staf", "password": "salah"}, HTTP_X_FORWARDED_FOR="198.51.100.7"
        )
    locked = client.post(
        "/api/v1/auth/token", {"username": "t_staf", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"198.51.100.7"}


def test_the_inquiry_rate_limit_uses_the_proxy_address(client, make_business, make_product, settings, monkeypatch):
    from sentra.catalog import services as catalog_services
    from sentra.catalog.models import Lead

    settings.SENTRA_PROXY_IP_HEADER = "X-Forwarded-For"
    monkeypatch.setattr(catalog_services, "LEAD_LIMIT_PER_HOUR", 2)
    product = make_product(make_business(district="Dander"))
    good = {
        "name": "Pembeli",
        "company": "",
        "country": "Jepang",
        "email": "b@example.invalid",
        "quantity": "5",
        "message": "Mohon info harga untuk pesanan kami bulan depan.",
    }
    url = f"/katalog/produk/{product.pk}/tanya/"
    for _ in range(2):
        assert client.post(url, good, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302
    assert client.post(url, good, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    # another client behind the same proxy (same REMOTE_ADDR) is not limited by the first one
    assert client.post(url, good, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302
    assert Lead.objects.count() == 3


# --- API tokens end with the password, the account, or sign-out-everywhere --------------------------------------


def _token(client, username="t_staf"):
    response = client.post("/api/v1/auth/token", {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _api(client, token):
    return client.get("/api/v1/businesses", HTTP_AUTHORIZATION=f"Bearer {token}").status_code


def test_password_change_revokes_api_tokens(client, staff_user):
    token = _token(client)
    assert _api(client, token) == 200
    client.force_login(staff_user)
    response = client.post(
        "/akun/sandi/ganti/",
        {"old_password": PASSWORD, "new_password1": "kata-sandi-baru-99", "new_password2": "kata-sandi-baru-99"},
    )
    assert response.status_code == 302
    assert _api(client, token) == 401 and not ApiToken.objects.exists()


def test_deactivation_revokes_api_tokens(client, staff_user, admin_user):
    token = _token(client)
    client.force_login(admin_user)
    client.post(f"/akun/pengguna/{staff_user.pk}/", {"first_name": "", "email": "", "role": "staff"})
    staff_user.refresh_from_db()
    assert not staff_user.is_active
    assert not ApiToken.objects.filter(user=staff_user).exists() and _api(client, token) == 401


def test_a_user_sees_and_revokes_their_own_tokens_only(client, staff_user, admin_user):
    mine, _ = _token(client), _token(client)
    theirs = _token(client, "t_admin")
    client.force_login(staff_user)
    page = client.get("/akun/keamanan/").content.decode()
    assert page.count("<code>") == 2 and mine[:8] in page and theirs[:8] not in page
    other = ApiToken.objects.get(user=admin_user)
    client.post("/akun/keamanan/", {"token": other.pk})
    assert ApiToken.objects.filter(pk=other.pk).exists()
    own = ApiToken.objects.get(prefix=mine[:8])
    client.post("/akun/keamanan/", {"token": own.pk})
    assert _api(client, mine) == 401 and ApiToken.objects.filter(user=staff_user).count() == 1


def test_sign_out_everywhere_ends_every_session_and_token(client, staff_user, django_user_model):
    from django.test import Client

    token = _token(client)
    elsewhere = Client()
    assert _login(elsewhere, "t_staf", PASSWORD).status_code == 302
    assert elsewhere.get("/ikm/").status_code == 200
    client.force_login(staff_user)
    response = client.post("/akun/keamanan/", {"action": "everywhere"})
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert elsewhere.get("/ikm/").status_code == 302  # that session ended too
    assert client.get("/ikm/").status_code == 302
    assert _api(client, token) == 401
    # signing in again works, and keeps working
    assert _login(elsewhere, "t_staf", PASSWORD).status_code == 302 and elsewhere.get("/ikm/").status_code == 200


def test_changes_made_in_the_admin_are_attributed_in_the_history(client, admin_user, make_business):
    """The admin is one more path that changes records: its changes land in the change history with their author,
    personal values masked, like the registry's own."""
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    business = make_business(district="Dander")
    owner = business.owner
    client.force_login(admin_user)
    client.post(f"/admin/registry/owner/{owner.pk}/change/", {"name": "Nama Baru", "gender": ""})
    entry = ChangeLog.objects.filter(object_id=str(owner.pk), content_type__model="owner", source="admin").get()
    assert (entry.action, entry.actor, entry.changes["name"][1]) == ("update", admin_user, "Nama Baru")
    from sentra.programs.models import ProgramType

    client.post("/admin/programs/programtype/add/", {"code": "uji", "name": "Program Uji", "name_en": "", "order": 9})
    created = ProgramType.objects.get(code="uji")
    assert ChangeLog.objects.filter(
        object_id=str(created.pk), content_type__model="programtype", action="create", actor=admin_user
    ).exists()
    # the installation's settings (what certificates carry) too
    from sentra.regions.models import Site

    site = Site.objects.get_or_create(pk=1, defaults={"regency_id": business.district.regency_id})[0]
    client.post(
        f"/admin/regions/site/{site.pk}/change/",
        {"council_name": "Dekranasda Uji", "signatory_name": "Ibu Ketua", "signatory_title": "Ketua"},
    )
    assert ChangeLog.objects.filter(
        object_id=str(site.pk), content_type__model="site", source="admin", actor=admin_user
    ).exists()
