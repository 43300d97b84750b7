"""Every URL pattern × every role → the expected answer.

MATRIX is the single table of who may reach what. A URL pattern without a row makes
`test_every_url_pattern_has_a_matrix_row` fail and name it: add a row when you add a URL.

A row: (method, path builder, expected) where `expected` maps a role to an HTTP status, or to
LOGIN (redirect to the sign-in page). `ALL(x)` gives every role the same answer; `{**ALL(403), "admin": 200}`
overrides a few. Roles: anon, admin, staff, op_dander (operator of the business's kecamatan), op_kapas
(operator of another kecamatan), owner (owner of the business), owner_other (owner of another business),
partner, buyer.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from sentra.accounts.models import BusinessClaim, ChangeRequest
from sentra.core.audit import history_for
from sentra.programs.testing import authorization_objects as P  # noqa: N812 - short, like ALL

LOGIN = "login"
ROLES = ["anon", "admin", "staff", "op_dander", "op_kapas", "owner", "owner_other", "partner", "buyer"]
# Patterns of Django's own admin site are guarded by Django (is_staff); its index stands for all of them.
SKIPPED_NAMESPACES = ("admin:", "admin/")


def ALL(value):  # noqa: N802 - reads as a table constructor
    return {role: value for role in ROLES}


def office_only(ok):
    return {**ALL(403), "anon": LOGIN, "admin": ok, "staff": ok}


def admin_only(ok):
    return {**ALL(403), "anon": LOGIN, "admin": ok}


def owner_only(ok, other):
    return {**ALL(403), "anon": LOGIN, "owner": ok, "owner_other": other}


def registry_users(ok):
    return {**ALL(403), "anon": LOGIN, "admin": ok, "staff": ok, "op_dander": ok, "op_kapas": ok}


def registry_object(ok):
    """A business of Kecamatan Dander: staff and the Dander operator yes, the Kapas operator 404."""
    return {**ALL(403), "anon": LOGIN, "admin": ok, "staff": ok, "op_dander": ok, "op_kapas": 404}


def staff_batch(ok):
    """An import batch uploaded by the staff user: office staff yes, operators (not the uploader) 404."""
    return {**registry_users(ok), "op_dander": 404, "op_kapas": 404}


def catalog_users(ok, other):
    """Catalog back office: office staff and the owner of the business yes, another owner `other`."""
    return {**ALL(403), "anon": LOGIN, "admin": ok, "staff": ok, "owner": ok, "owner_other": other}


def partner_only(ok):
    return {**ALL(403), "anon": LOGIN, "partner": ok}


def api_authenticated(ok):
    return {**ALL(ok), "anon": 401}


MATRIX = {
    # name: (method, path(ctx) -> str, data, expected)
    "dashboard:home": ("get", lambda c: "/", None, ALL(302)),
    "dashboard:public_statistics": ("get", lambda c: "/statistik/", None, ALL(200)),
    "accounts:login": ("get", lambda c: "/akun/masuk/", None, {**ALL(302), "anon": 200}),
    "accounts:logout": ("post", lambda c: "/akun/keluar/", {}, ALL(302)),
    "accounts:signup": ("get", lambda c: "/akun/daftar/", None, ALL(200)),
    "accounts:password_reset": ("get", lambda c: "/akun/sandi/lupa/", None, ALL(200)),
    "accounts:password_reset_done": ("get", lambda c: "/akun/sandi/lupa/terkirim/", None, ALL(200)),
    "accounts:password_reset_confirm": ("get", lambda c: "/akun/sandi/atur/eA/bad-token/", None, ALL(200)),
    "accounts:password_reset_complete": ("get", lambda c: "/akun/sandi/selesai/", None, ALL(200)),
    "accounts:password_change": ("get", lambda c: "/akun/sandi/ganti/", None, {**ALL(200), "anon": LOGIN}),
    "accounts:totp_setup": ("get", lambda c: "/akun/dua-langkah/", None, office_only(200)),
    "accounts:user_list": ("get", lambda c: "/akun/pengguna/", None, admin_only(200)),
    "accounts:user_create": ("get", lambda c: "/akun/pengguna/baru/", None, admin_only(200)),
    "accounts:user_edit": ("get", lambda c: f"/akun/pengguna/{c['users']['owner'].pk}/", None, admin_only(200)),
    "accounts:my_businesses": ("get", lambda c: "/akun/usaha/", None, owner_only(200, 200)),
    "accounts:claim": ("post", lambda c: "/akun/usaha/klaim/", {"identifier": ""}, owner_only(200, 200)),
    "accounts:owner_business_edit": (
        "get",
        lambda c: f"/akun/usaha/{c['business'].pk}/ubah/",
        None,
        owner_only(200, 404),
    ),
    "accounts:owner_permit_add": ("get", lambda c: f"/akun/usaha/{c['business'].pk}/izin/", None, owner_only(200, 404)),
    "accounts:review_queue": ("get", lambda c: "/akun/tinjauan/", None, office_only(200)),
    "accounts:claim_decide": (
        "post",
        lambda c: f"/akun/tinjauan/klaim/{c['claim'].pk}/",
        {"decision": "reject"},
        office_only(302),
    ),
    "accounts:change_decide": (
        "post",
        lambda c: f"/akun/tinjauan/perubahan/{c['change'].pk}/",
        {"decision": "reject"},
        office_only(302),
    ),
    "accounts:invite": ("get", lambda c: f"/akun/undang/{c['business'].pk}/", None, office_only(200)),
    "registry:business_list": ("get", lambda c: "/ikm/", None, registry_users(200)),
    "registry:business_create": ("get", lambda c: "/ikm/baru/", None, registry_users(200)),
    "registry:business_detail": ("get", lambda c: f"/ikm/{c['business'].pk}/", None, registry_object(200)),
    "registry:business_edit": ("get", lambda c: f"/ikm/{c['business'].pk}/ubah/", None, registry_object(200)),
    "registry:permit_document": (
        "get",
        lambda c: f"/ikm/{c['business'].pk}/izin/999999/dokumen/",
        None,
        {**registry_object(404), "owner": 404, "owner_other": 404, "partner": 404, "buyer": 404},
    ),
    "registry:owner_nik_reveal": ("post", lambda c: f"/ikm/{c['business'].pk}/nik/", {}, registry_object(200)),
    "registry:business_restore": (
        "post",
        lambda c: f"/ikm/{c['business'].pk}/riwayat/{c['entry'].pk}/pulihkan/",
        {},
        {**registry_users(403), "admin": 302},
    ),
    "regions:village_options": ("get", lambda c: "/wilayah/desa/?kecamatan=Dander", None, ALL(200)),
    "api:statistics": ("get", lambda c: "/api/v1/statistics", None, ALL(200)),
    "api:auth_token": ("post", lambda c: "/api/v1/auth/token", {"username": "x", "password": "y"}, ALL(400)),
    "api:businesses": ("get", lambda c: "/api/v1/businesses", None, api_authenticated(200)),
    "api:schema": ("get", lambda c: "/api/v1/schema", None, ALL(200)),
    "set_language": ("post", lambda c: "/i18n/setlang/", {"language": "id"}, ALL(302)),
    "admin:index": ("get", lambda c: "/admin/", None, {**ALL(302), "admin": 200}),
    "^media/(?P<path>.*)$": ("get", lambda c: "/media/tidak-ada.pdf", None, ALL(404)),
    # Dashboard and open data (sentra/dashboard): staff dashboard for registry users; open data is public.
    "dashboard:staff": ("get", lambda c: "/dasbor/", None, registry_users(200)),
    "dashboard:national": ("get", lambda c: "/dasbor/nasional/", None, registry_users(200)),
    "dashboard:report": ("get", lambda c: "/dasbor/laporan/", None, registry_users(200)),
    "dashboard:snapshot_create": ("post", lambda c: "/dasbor/potret/", {}, office_only(302)),
    "dashboard:open_data": ("get", lambda c: "/data/", None, ALL(200)),
    "dashboard:open_data_file": ("get", lambda c: "/data/ikm-kecamatan-sektor.csv", None, ALL(200)),
    "api:open_data": ("get", lambda c: "/api/v1/open-data/ikm-kecamatan-sektor", None, ALL(200)),
    # Import / export (sentra/imports): registry users; a batch is seen by office staff and its uploader.
    "imports:index": ("get", lambda c: "/impor/", None, registry_users(200)),
    "imports:template": ("get", lambda c: "/impor/templat.xlsx", None, registry_users(200)),
    "imports:export": ("get", lambda c: "/impor/ekspor/?format=csv", None, registry_users(200)),
    "registry:duplicates": ("get", lambda c: "/ikm/duplikat/", None, office_only(200)),
    "registry:merge": ("post", lambda c: "/ikm/duplikat/gabung/", {"keep": "", "remove": ""}, office_only(302)),
    "imports:batch": ("get", lambda c: f"/impor/{c['batch'].pk}/", None, staff_batch(200)),
    "imports:mapping": ("get", lambda c: f"/impor/{c['batch'].pk}/kolom/", None, staff_batch(200)),
    "imports:progress": ("get", lambda c: f"/impor/{c['batch'].pk}/progres/", None, staff_batch(200)),
    "imports:commit": ("post", lambda c: f"/impor/{c['batch'].pk}/simpan/", {}, staff_batch(302)),
    "imports:undo": ("post", lambda c: f"/impor/{c['batch'].pk}/batal/", {}, staff_batch(302)),
    "imports:errors": ("get", lambda c: f"/impor/{c['batch'].pk}/kesalahan.xlsx", None, staff_batch(200)),
    # Catalog (sentra/catalog): public pages in both languages; back office for office staff and owners.
    "catalog:home": ("get", lambda c: "/katalog/", None, ALL(200)),
    "catalog:list": ("get", lambda c: "/katalog/produk/", None, ALL(200)),
    "catalog:product": ("get", lambda c: c["product"].get_absolute_url("id"), None, ALL(200)),
    "catalog:qr": ("get", lambda c: f"/katalog/produk/{c['product'].pk}/qr.svg", None, ALL(200)),
    "catalog:label": ("get", lambda c: f"/katalog/produk/{c['product'].pk}/label/", None, ALL(200)),
    "catalog:producer": ("get", lambda c: f"/katalog/produsen/{c['business'].pk}/", None, ALL(200)),
    "catalog:home_en": ("get", lambda c: "/en/catalog/", None, ALL(200)),
    "catalog:list_en": ("get", lambda c: "/en/catalog/products/", None, ALL(200)),
    "catalog:product_en": ("get", lambda c: c["product"].get_absolute_url("en"), None, ALL(200)),
    "catalog:qr_en": ("get", lambda c: f"/en/catalog/products/{c['product'].pk}/qr.svg", None, ALL(200)),
    "catalog:label_en": ("get", lambda c: f"/en/catalog/products/{c['product'].pk}/label/", None, ALL(200)),
    "catalog:producer_en": ("get", lambda c: f"/en/catalog/producers/{c['business'].pk}/", None, ALL(200)),
    "catalog:inquiry": ("post", lambda c: f"/katalog/produk/{c['product'].pk}/tanya/", {}, ALL(400)),
    "catalog:inquiry_en": ("post", lambda c: f"/en/catalog/products/{c['product'].pk}/inquiry/", {}, ALL(400)),
    "catalog:sitemap": ("get", lambda c: "/sitemap.xml", None, ALL(200)),
    "catalog:robots": ("get", lambda c: "/robots.txt", None, ALL(200)),
    "catalog:manage_list": ("get", lambda c: "/katalog/kelola/", None, catalog_users(200, 200)),
    "catalog:manage_product_new": ("get", lambda c: "/katalog/kelola/produk/baru/", None, catalog_users(200, 200)),
    "catalog:manage_product": (
        "get",
        lambda c: f"/katalog/kelola/produk/{c['product'].pk}/",
        None,
        catalog_users(200, 404),
    ),
    "catalog:manage_photo": (
        "post",
        lambda c: f"/katalog/kelola/produk/{c['product'].pk}/foto/",
        {},
        catalog_users(400, 404),
    ),
    "catalog:manage_photo_delete": (
        "post",
        lambda c: f"/katalog/kelola/produk/{c['product'].pk}/foto/999999/hapus/",
        {},
        catalog_users(302, 404),
    ),
    "catalog:manage_curate": (
        "post",
        lambda c: f"/katalog/kelola/produk/{c['product'].pk}/kurasi/",
        {"action": "feature"},
        office_only(302),
    ),
    "catalog:manage_profile": (
        "get",
        lambda c: f"/katalog/kelola/profil/{c['business'].pk}/",
        None,
        catalog_users(200, 404),
    ),
    "catalog:manage_leads": ("get", lambda c: "/katalog/kelola/prospek/", None, catalog_users(200, 200)),
    "catalog:manage_lead_status": (
        "post",
        lambda c: f"/katalog/kelola/prospek/{c['lead'].pk}/status/",
        {"status": "lost"},
        catalog_users(302, 404),
    ),
    "api:products": ("get", lambda c: "/api/v1/products?q=keripik", None, ALL(200)),
    # programs (issue 6): P(c) builds a program, a finished session the business completed, an open one
    "programs:schedule": ("get", lambda c: "/program/jadwal/", None, ALL(200)),
    "programs:signup": (
        "post",
        lambda c: f"/program/kegiatan/{P(c)['upcoming'].pk}/daftar/",
        {"business": "0"},
        {**ALL(302), "anon": LOGIN},
    ),
    "programs:my_trainings": ("get", lambda c: "/program/saya/", None, {**ALL(200), "anon": LOGIN}),
    "programs:certificate_pdf": (
        "get",
        lambda c: f"/program/sertifikat/{P(c)['certificate'].pk}.pdf",
        None,
        {**office_only(200), "owner": 200},
    ),
    "programs:verify": ("get", lambda c: "/program/verifikasi/", None, ALL(200)),
    "programs:verify_number": (
        "get",
        lambda c: f"/program/verifikasi/{P(c)['certificate'].number}/",
        None,
        ALL(200),
    ),
    "programs:partner_home": ("get", lambda c: "/program/mitra/", None, partner_only(200)),
    "programs:partner_program": (
        "get",
        lambda c: f"/program/mitra/{P(c)['program'].pk}/",
        None,
        partner_only(200),
    ),
    "programs:partner_join": (
        "post",
        lambda c: f"/program/mitra/kegiatan/{P(c)['upcoming'].pk}/ikut/",
        lambda c: {"organisation": P(c)["organisation"].pk, "people": "2"},
        partner_only(302),
    ),
    "programs:organisation_list": ("get", lambda c: "/program/organisasi/", None, office_only(200)),
    "programs:organisation_members": (
        "get",
        lambda c: f"/program/organisasi/{P(c)['organisation'].pk}/anggota/",
        None,
        office_only(200),
    ),
    "programs:program_list": ("get", lambda c: "/program/", None, office_only(200)),
    "programs:program_create": ("get", lambda c: "/program/baru/", None, office_only(200)),
    "programs:program_detail": ("get", lambda c: f"/program/{P(c)['program'].pk}/", None, office_only(200)),
    "programs:program_edit": ("get", lambda c: f"/program/{P(c)['program'].pk}/ubah/", None, office_only(200)),
    "programs:outcome_report": ("get", lambda c: f"/program/{P(c)['program'].pk}/hasil/", None, office_only(200)),
    "programs:session_create": (
        "get",
        lambda c: f"/program/{P(c)['program'].pk}/kegiatan/baru/",
        None,
        office_only(200),
    ),
    "programs:prospect_create": ("get", lambda c: f"/program/{P(c)['program'].pk}/calon/baru/", None, office_only(200)),
    "programs:prospect_convert": (
        "get",
        lambda c: f"/program/calon/{P(c)['prospect'].pk}/usaha/",
        None,
        office_only(200),
    ),
    "programs:session_detail": ("get", lambda c: f"/program/kegiatan/{P(c)['session'].pk}/", None, office_only(200)),
    "programs:session_edit": ("get", lambda c: f"/program/kegiatan/{P(c)['session'].pk}/ubah/", None, office_only(200)),
    "programs:session_enroll_bulk": (
        "post",
        lambda c: f"/program/kegiatan/{P(c)['upcoming'].pk}/daftarkan/",
        {"q": "tidak-ada"},
        office_only(302),
    ),
    "programs:session_enroll_prospect": (
        "post",
        lambda c: f"/program/kegiatan/{P(c)['upcoming'].pk}/daftarkan-calon/",
        {"prospect": "0"},
        office_only(404),
    ),
    "programs:attendance": (
        "get",
        lambda c: f"/program/kegiatan/{P(c)['session'].pk}/absensi/",
        None,
        office_only(200),
    ),
    "programs:attendance_upload": (
        "get",
        lambda c: f"/program/kegiatan/{P(c)['session'].pk}/absensi/unggah/",
        None,
        office_only(200),
    ),
    "programs:session_complete": (
        "post",
        lambda c: f"/program/kegiatan/{P(c)['session'].pk}/selesai/",
        {},
        office_only(302),
    ),
    "programs:session_reminders": (
        "post",
        lambda c: f"/program/kegiatan/{P(c)['session'].pk}/pengingat/",
        {},
        office_only(302),
    ),
    "programs:session_certificates": (
        "get",
        lambda c: f"/program/kegiatan/{P(c)['session'].pk}/sertifikat.zip",
        None,
        office_only(200),
    ),
    "programs:enrollment_cancel": (
        "post",
        lambda c: f"/program/peserta/{P(c)['enrollment'].pk}/batal/",
        {},
        office_only(302),
    ),
    "programs:followup": (
        "get",
        lambda c: f"/program/tindak-lanjut/{P(c)['followup'].pk}/",
        None,
        {**office_only(200), "owner": 200},
    ),
}


def url_pattern_names(patterns=None, namespace=None, prefix=""):
    """(name or route) of every URL pattern the project serves."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from url_pattern_names(p.url_patterns, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            if p.name:
                yield f"{namespace}:{p.name}" if namespace else p.name
            else:
                yield prefix + str(p.pattern)


def test_every_url_pattern_has_a_matrix_row():
    missing = [name for name in url_pattern_names() if name not in MATRIX and not name.startswith(SKIPPED_NAMESPACES)]
    assert not missing, (
        "These URL patterns have no row in the authorization matrix "
        f"(sentra/accounts/tests/test_authorization_matrix.py MATRIX): {', '.join(missing)}"
    )


@pytest.fixture
def cast(
    reference_data,
    django_user_model,
    admin_user,
    staff_user,
    dander_operator,
    kapas_operator,
    owner_user,
    partner_user,
    make_business,
    settings,
    tmp_path,
):
    owner_other = django_user_model.objects.create_user(username="t_owner2", password="pw-test-12345", role="owner")
    buyer = django_user_model.objects.create_user(username="t_buyer", password="pw-test-12345", role="buyer")
    admin_user.is_staff = True  # the admin role works in Django's admin site too
    admin_user.save()
    business = make_business(district="Dander", nib="1234567890123")
    business.owner.user = owner_user
    business.owner.nik = "3522014509800001"
    business.owner.save()
    make_business(district="Kapas", name="Usaha Lain").owner.__class__.objects.filter(name="Pemilik Uji 2").update(
        user=owner_other
    )
    from sentra.registry.services import business_save

    business_save(actor=staff_user, business=business, business_data={"products": "keripik"}, source="test")
    claim = BusinessClaim.objects.create(user=owner_other, business=business, matched_on="nib")
    change = ChangeRequest.objects.create(business=business, requested_by=owner_user, changes={"name": ["a", "b"]})
    from sentra.catalog.models import Lead
    from sentra.catalog.services import product_curate, product_save

    product = product_save(
        actor=staff_user, product=None, data={"business_id": business.pk, "name": "Keripik Uji", "category": "snack"}
    )
    product_curate(actor=staff_user, product=product, action="publish")
    lead = Lead.objects.create(
        product=product, business=business, name="Pembeli", country="ID", email="b@example.invalid", message="x"
    )
    return {
        "users": {
            "anon": None,
            "admin": admin_user,
            "staff": staff_user,
            "op_dander": dander_operator,
            "op_kapas": kapas_operator,
            "owner": owner_user,
            "owner_other": owner_other,
            "partner": partner_user,
            "buyer": buyer,
        },
        "business": business,
        "entry": history_for(business).last(),
        "claim": claim,
        "change": change,
        "batch": _import_batch(staff_user, settings, tmp_path),
        "product": product,
        "lead": lead,
    }


def _import_batch(user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sentra.imports.batches import batch_upload

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("ikm.csv", b"Nama Usaha;Kecamatan\nLedre Uji;Dander\n", content_type="text/csv")
    return batch_upload(actor=user, upload=upload)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_authorization_matrix(client, cast, name, role):
    method, path, data, expected = MATRIX[name]
    want = expected[role]
    user = cast["users"][role]
    if user is not None:
        client.force_login(user)
    url = path(cast)
    data = data(cast) if callable(data) else data  # data naming objects of the cast
    response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    if want == LOGIN:
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"], (
            f"{name} as {role}: expected a redirect to sign-in, got {response.status_code}"
        )
    else:
        assert response.status_code == want, f"{name} ({url}) as {role}: expected {want}, got {response.status_code}"
