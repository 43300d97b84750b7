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
from sentra.engagement.testing import authorization_objects as E  # noqa: N812 - short, like ALL
from sentra.orders.testing import authorization_objects as O  # noqa: N812 - short, like ALL
from sentra.partners.testing import authorization_objects as K  # noqa: N812 - short, like ALL
from sentra.planning.testing import authorization_objects as W  # noqa: N812 - short, like ALL
from sentra.programs.testing import authorization_objects as P  # noqa: N812 - short, like ALL
from sentra.registry.models import Business

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
    "accounts:security": ("get", lambda c: "/akun/keamanan/", None, {**ALL(200), "anon": LOGIN}),
    "accounts:user_list": ("get", lambda c: "/akun/pengguna/", None, admin_only(200)),
    "accounts:user_create": ("get", lambda c: "/akun/pengguna/baru/", None, admin_only(200)),
    "accounts:user_edit": ("get", lambda c: f"/akun/pengguna/{c['users']['owner'].pk}/", None, admin_only(200)),
    "accounts:user_password_reset": (
        "post",
        lambda c: f"/akun/pengguna/{c['users']['buyer'].pk}/sandi/",
        {},
        admin_only(200),  # the confirmation page; nothing changes without it
    ),
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
        lambda c: f"/ikm/{c['business'].pk}/izin/{c['permit'].pk}/dokumen/",
        None,
        {**registry_object(200), "owner": 200, "owner_other": 404, "partner": 404, "buyer": 404},
    ),
    "registry:owner_nik_reveal": ("post", lambda c: f"/ikm/{c['business'].pk}/nik/", {}, registry_object(200)),
    "registry:business_restore": (
        "post",
        lambda c: f"/ikm/{c['business'].pk}/riwayat/{c['entry'].pk}/pulihkan/",
        {"_confirmed": "1"},
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
    "api:open_data_list": ("get", lambda c: "/api/v1/open-data", None, ALL(200)),
    "api:programs": ("get", lambda c: "/api/v1/programs", None, ALL(200)),
    "api:sessions": ("get", lambda c: "/api/v1/sessions", None, ALL(200)),
    # federation: public signed datasets (none published in this cast); the hub's pages and push API exist only
    # with SENTRA_MODE=hub (their roles are tested in sentra/federation/tests)
    "federation:dataset": ("get", lambda c: "/data/federasi/terbaru.json", None, ALL(404)),
    "federation:hub": ("get", lambda c: "/hub/", None, ALL(404)),
    "federation:hub_regency": ("get", lambda c: "/hub/wilayah/35.22/", None, ALL(404)),
    "federation:hub_rejections": ("get", lambda c: "/hub/penolakan/", None, {**ALL(404), "anon": LOGIN}),
    "api:federation_push": ("post", lambda c: "/api/v1/federation/datasets", {}, ALL(404)),
    "api:federation_rejections": ("get", lambda c: "/api/v1/federation/rejections", None, ALL(404)),
    # Import / export (sentra/imports): registry users; a batch is seen by office staff and its uploader.
    "imports:index": ("get", lambda c: "/impor/", None, registry_users(200)),
    "imports:template": ("get", lambda c: "/impor/templat.xlsx", None, registry_users(200)),
    "imports:export": ("get", lambda c: "/impor/ekspor/?format=csv", None, registry_users(200)),
    "registry:duplicates": ("get", lambda c: "/ikm/duplikat/", None, office_only(200)),
    "registry:merge": (
        "post",
        lambda c: "/ikm/duplikat/gabung/",
        {"keep": "", "remove": "", "_confirmed": "1"},
        office_only(302),
    ),
    "imports:batch": ("get", lambda c: f"/impor/{c['batch'].pk}/", None, staff_batch(200)),
    "imports:mapping": ("get", lambda c: f"/impor/{c['batch'].pk}/kolom/", None, staff_batch(200)),
    "imports:progress": ("get", lambda c: f"/impor/{c['batch'].pk}/progres/", None, staff_batch(200)),
    "imports:commit": ("post", lambda c: f"/impor/{c['batch'].pk}/simpan/", {}, staff_batch(302)),
    "imports:undo": ("post", lambda c: f"/impor/{c['batch'].pk}/batal/", {"_confirmed": "1"}, staff_batch(302)),
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
    # the product form's business picker (content scoped: catalog/tests/test_business_picker.py)
    "catalog:manage_business_options": (
        "get",
        lambda c: "/katalog/kelola/usaha/?usaha=a",
        None,
        catalog_users(200, 200),
    ),
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
        lambda c: f"/katalog/kelola/produk/{c['product'].pk}/foto/{c['photo'].pk}/hapus/",
        {"_confirmed": "1"},
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
        {"_confirmed": "1"},
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
        {"_confirmed": "1"},
        office_only(302),
    ),
    "programs:followup": (
        "get",
        lambda c: f"/program/tindak-lanjut/{P(c)['followup'].pk}/",
        None,
        {**office_only(200), "owner": 200},
    ),
    # work plan (issue 18): W(c) builds the 2026 plan (draft) with a programme, an activity and two indicators
    "api:work_plan": (
        "get",
        lambda c: (W(c), "/api/v1/work-plans/2026")[1],
        None,
        {**ALL(403), "anon": 401, "admin": 200, "staff": 200},
    ),
    "planning:plan_list": ("get", lambda c: "/rencana/", None, office_only(200)),
    "planning:plan_detail": ("get", lambda c: (W(c), "/rencana/2026/")[1], None, office_only(200)),
    "planning:plan_action": ("post", lambda c: (W(c), "/rencana/2026/aksi/kirim/")[1], {}, office_only(302)),
    "planning:programme_create": ("get", lambda c: (W(c), "/rencana/2026/program/baru/")[1], None, office_only(200)),
    "planning:programme_edit": (
        "get",
        lambda c: f"/rencana/2026/program/{W(c)['programme'].pk}/",
        None,
        office_only(200),
    ),
    "planning:activity_create": (
        "get",
        lambda c: f"/rencana/2026/kegiatan/baru/?program={W(c)['programme'].pk}",
        None,
        office_only(200),
    ),
    "planning:activity_edit": (
        "get",
        lambda c: f"/rencana/2026/kegiatan/{W(c)['activity'].pk}/",
        None,
        office_only(200),
    ),
    "planning:indicator_create": ("get", lambda c: (W(c), "/rencana/2026/indikator/baru/")[1], None, office_only(200)),
    "planning:indicator_edit": (
        "get",
        lambda c: f"/rencana/2026/indikator/{W(c)['indicator'].pk}/",
        None,
        office_only(200),
    ),
    "planning:realisation": (
        "get",
        lambda c: f"/rencana/2026/indikator/{W(c)['manual'].pk}/realisasi/",
        None,
        office_only(200),
    ),
    "planning:quarter_report": ("get", lambda c: (W(c), "/rencana/2026/triwulan/1/")[1], None, office_only(200)),
    "planning:quarter_xlsx": ("get", lambda c: (W(c), "/rencana/2026/triwulan/1.xlsx")[1], None, office_only(200)),
    "planning:quarter_pdf": ("get", lambda c: (W(c), "/rencana/2026/triwulan/1.pdf")[1], None, office_only(200)),
    "planning:review": ("get", lambda c: (W(c), "/rencana/2026/tinjauan/")[1], None, office_only(200)),
    "planning:review_xlsx": ("get", lambda c: (W(c), "/rencana/2026/tinjauan.xlsx")[1], None, office_only(200)),
    "planning:review_pdf": ("get", lambda c: (W(c), "/rencana/2026/tinjauan.pdf")[1], None, office_only(200)),
    # partners (issue 18): K(c) adds an agreement and a commitment of the matrix partner's organisation,
    # a commitment of another organisation and a notice; the partner sees only its own (others: 404)
    "partners:collaboration": ("get", lambda c: (K(c), "/kemitraan/")[1], None, {**office_only(200), "partner": 200}),
    "partners:organisation": (
        "get",
        lambda c: f"/kemitraan/mitra/{K(c)['organisation'].pk}/",
        None,
        {**office_only(200), "partner": 200},
    ),
    "partners:agreement_list": ("get", lambda c: (K(c), "/kemitraan/perjanjian/")[1], None, office_only(200)),
    "partners:agreement_create": ("get", lambda c: "/kemitraan/perjanjian/baru/", None, office_only(200)),
    "partners:agreement_edit": (
        "get",
        lambda c: f"/kemitraan/perjanjian/{K(c)['agreement'].pk}/",
        None,
        office_only(200),
    ),
    "partners:agreement_document": (
        "get",
        lambda c: f"/kemitraan/perjanjian/{K(c)['agreement'].pk}/dokumen/",
        None,
        {**office_only(404), "partner": 404},  # no document uploaded: not found even for those who may read it
    ),
    "partners:commitment_create": ("get", lambda c: "/kemitraan/komitmen/baru/", None, office_only(200)),
    "partners:commitment_edit": (
        "get",
        lambda c: f"/kemitraan/komitmen/{K(c)['commitment'].pk}/",
        None,
        office_only(200),
    ),
    "partners:delivery": (
        "get",
        lambda c: f"/kemitraan/komitmen/{K(c)['commitment'].pk}/serahkan/",
        None,
        {**office_only(200), "partner": 200},
    ),
    "partners:notice_dismiss": (
        "post",
        lambda c: f"/kemitraan/pemberitahuan/{K(c)['notice'].pk}/tutup/",
        {},
        office_only(302),
    ),
    # engagement (issue 23): E(c) builds an open survey period with answers, a poll and an owner's idea
    "engagement:survey_home": ("get", lambda c: "/survei/", None, ALL(200)),
    "engagement:survey_result": ("get", lambda c: "/survei/hasil/", None, ALL(200)),
    "engagement:survey_form": ("get", lambda c: f"/survei/isi/{E(c)['period'].token}/", None, ALL(200)),
    "engagement:survey_thanks": ("get", lambda c: f"/survei/isi/{E(c)['period'].token}/terima-kasih/", None, ALL(200)),
    "engagement:survey_qr": ("get", lambda c: f"/survei/isi/{E(c)['period'].token}/qr.svg", None, ALL(200)),
    "engagement:period_list": ("get", lambda c: "/survei/kelola/", None, office_only(200)),
    "engagement:period_create": ("get", lambda c: "/survei/kelola/baru/", None, office_only(200)),
    "engagement:period_report": ("get", lambda c: f"/survei/kelola/{E(c)['period'].pk}/", None, office_only(200)),
    "engagement:period_edit": ("get", lambda c: f"/survei/kelola/{E(c)['period'].pk}/ubah/", None, office_only(200)),
    "engagement:period_close": ("post", lambda c: f"/survei/kelola/{E(c)['period'].pk}/tutup/", {}, office_only(302)),
    "engagement:survey_poster": (
        "get",
        lambda c: f"/survei/kelola/{E(c)['period'].pk}/poster/",
        None,
        office_only(200),
    ),
    "engagement:period_xlsx": (
        "get",
        lambda c: f"/survei/kelola/{E(c)['period'].pk}/laporan.xlsx",
        None,
        office_only(200),
    ),
    "engagement:period_pdf": (
        "get",
        lambda c: f"/survei/kelola/{E(c)['period'].pk}/laporan.pdf",
        None,
        office_only(200),
    ),
    "engagement:poll_vote": ("post", lambda c: f"/jajak/{E(c)['poll'].pk}/pilih/", {"option": "0"}, ALL(302)),
    "engagement:poll_list": ("get", lambda c: "/jajak/kelola/", None, office_only(200)),
    "engagement:poll_create": ("get", lambda c: "/jajak/kelola/baru/", None, office_only(200)),
    "engagement:poll_detail": ("get", lambda c: f"/jajak/kelola/{E(c)['poll'].pk}/", None, office_only(200)),
    "engagement:poll_edit": ("get", lambda c: f"/jajak/kelola/{E(c)['poll'].pk}/ubah/", None, office_only(200)),
    "engagement:ideas_public": ("get", lambda c: "/aspirasi/", None, ALL(200)),
    "engagement:my_ideas": ("get", lambda c: "/aspirasi/saya/", None, owner_only(200, 200)),
    "engagement:idea_list": ("get", lambda c: "/aspirasi/kelola/", None, registry_users(200)),
    "engagement:idea_on_behalf": ("get", lambda c: "/aspirasi/kelola/baru/", None, registry_users(200)),
    "engagement:idea_batch": ("get", lambda c: "/aspirasi/kelola/rapat/", None, office_only(200)),
    "engagement:idea_import": ("get", lambda c: "/aspirasi/kelola/impor/", None, office_only(200)),
    "engagement:idea_detail": ("get", lambda c: f"/aspirasi/kelola/{E(c)['idea'].pk}/", None, registry_object(200)),
    "engagement:idea_transition": (
        "post",
        lambda c: f"/aspirasi/kelola/{E(c)['idea'].pk}/status/",
        {"status": "ditinjau"},
        office_only(302),
    ),
    "api:skm_latest": ("get", lambda c: "/api/v1/skm", None, ALL(200)),
    "api:ideas_summary": ("get", lambda c: "/api/v1/ideas/summary", None, ALL(200)),
    "engagement:idea_group": ("post", lambda c: f"/aspirasi/kelola/{E(c)['idea'].pk}/kelompok/", {}, office_only(302)),
    # uniform orders (issue 24): O(c) builds an allocated round with the buyer's office and the owner's business
    "orders:home": (
        "get",
        lambda c: "/pesanan/",
        None,
        {**ALL(403), "anon": LOGIN, "admin": 302, "staff": 302, "owner": 200, "owner_other": 200, "buyer": 200},
    ),
    "orders:public_list": ("get", lambda c: "/pesanan/umum/", None, ALL(200)),
    "orders:public_round": ("get", lambda c: f"/pesanan/umum/{O(c)['round'].pk}/", None, ALL(200)),
    "orders:round_list": ("get", lambda c: "/pesanan/putaran/", None, office_only(200)),
    "orders:round_create": ("get", lambda c: "/pesanan/putaran/baru/", None, office_only(200)),
    "orders:round_detail": ("get", lambda c: f"/pesanan/putaran/{O(c)['round'].pk}/", None, office_only(200)),
    "orders:round_edit": ("get", lambda c: f"/pesanan/putaran/{O(c)['round'].pk}/ubah/", None, office_only(200)),
    "orders:round_status": (
        "post",
        lambda c: f"/pesanan/putaran/{O(c)['round'].pk}/status/",
        {"status": "x"},
        office_only(302),
    ),
    "orders:round_allocate": (
        "post",
        lambda c: f"/pesanan/putaran/{O(c)['round'].pk}/bagi/",
        {"version": "0"},
        office_only(302),
    ),
    "orders:round_export": (
        "get",
        lambda c: f"/pesanan/putaran/{O(c)['round'].pk}/pembagian.xlsx",
        None,
        office_only(200),
    ),
    "orders:round_producers": (
        "get",
        lambda c: f"/pesanan/putaran/{O(c)['round'].pk}/produsen/",
        None,
        office_only(200),
    ),
    "orders:office_list": ("get", lambda c: "/pesanan/instansi/", None, office_only(200)),
    "orders:producer": (
        "get",
        lambda c: f"/pesanan/produsen/{O(c)['producer'].pk}/",
        None,
        {**office_only(200), "owner": 200, "owner_other": 404},
    ),
    "orders:work_order": (
        "get",
        lambda c: f"/pesanan/produsen/{O(c)['producer'].pk}/spk.pdf",
        None,
        {**office_only(200), "owner": 200, "owner_other": 404},
    ),
    "orders:office_round": (
        "get",
        lambda c: f"/pesanan/instansi/{O(c)['office'].pk}/putaran/{O(c)['round'].pk}/",
        None,
        {**office_only(200), "buyer": 200},
    ),
    "orders:office_total": (
        "post",
        lambda c: f"/pesanan/instansi/{O(c)['office'].pk}/putaran/{O(c)['round'].pk}/total/",
        {"rows": "0"},
        {**office_only(200), "buyer": 200},
    ),
    "orders:office_upload": (
        "post",
        lambda c: f"/pesanan/instansi/{O(c)['office'].pk}/putaran/{O(c)['round'].pk}/unggah/",
        {},
        {**office_only(302), "buyer": 302},
    ),
    "orders:office_template": (
        "get",
        lambda c: f"/pesanan/instansi/{O(c)['office'].pk}/putaran/{O(c)['round'].pk}/templat.xlsx",
        None,
        {**office_only(200), "buyer": 200},
    ),
    "orders:office_sizes": (
        "get",
        lambda c: f"/pesanan/instansi/{O(c)['office'].pk}/putaran/{O(c)['round'].pk}/ukuran.xlsx",
        None,
        {**office_only(200), "buyer": 200},
    ),
    "orders:person_payment": (
        "post",
        lambda c: f"/pesanan/instansi/{O(c)['office'].pk}/bayar/{O(c)['line'].pk}/",
        {"amount": "1"},
        office_only(302),
    ),
    "api:order_rounds": ("get", lambda c: (O(c), "/api/v1/order-rounds")[1], None, ALL(200)),
    "api:order_round": ("get", lambda c: f"/api/v1/order-rounds/{O(c)['round'].pk}", None, ALL(200)),
    "api:order_round_allocation": (
        "get",
        lambda c: f"/api/v1/order-rounds/{O(c)['round'].pk}/allocation",
        None,
        {**ALL(403), "anon": 401, "admin": 200, "staff": 200, "buyer": 200},
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
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    from django.core.files.base import ContentFile

    from sentra.registry.models import Permit

    permit = Permit(business=business, kind="halal", number="ID-HALAL-1")
    permit.document.save("halal.pdf", ContentFile(b"%PDF-1.4 uji"), save=True)
    claim = BusinessClaim.objects.create(user=owner_other, business=business, matched_on="nib")
    change = ChangeRequest.objects.create(business=business, requested_by=owner_user, changes={"name": ["a", "b"]})
    from sentra.catalog.models import Lead
    from sentra.catalog.services import product_curate, product_save

    product = product_save(
        actor=staff_user, product=None, data={"business_id": business.pk, "name": "Keripik Uji", "category": "snack"}
    )
    product_curate(actor=staff_user, product=product, action="publish")
    lead = Lead.objects.create(
        product=product, business=business, name="Pembeli Pertama", country="ID", email="b@example.invalid", message="x"
    )
    from sentra.catalog.models import ProductPhoto

    photo = ProductPhoto.objects.create(product=product, large_jpeg="uji/besar.jpg", thumb_jpeg="uji/kecil.jpg")
    # objects of the other scope (Kapas, owner_other): the lists below must never show them to the first scope
    other = Business.objects.get(name="Usaha Lain")
    other_product = product_save(
        actor=staff_user, product=None, data={"business_id": other.pk, "name": "Batik Lain Uji", "category": "snack"}
    )
    Lead.objects.create(
        product=other_product, business=other, name="Pembeli Lain", country="ID", email="c@example.invalid", message="y"
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
        "permit": permit,
        "photo": photo,
        "other_business": other,
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


# --- content, not only status codes: each list shows exactly the records of the caller's scope --------------
# The cast holds two of everything: "Usaha Uji 1" (Dander, owner, product "Keripik Uji", lead "Pembeli") and
# "Usaha Lain" (Kapas, owner_other, product "Batik Lain Uji", lead "Pembeli Lain"). The lead of the first is
# "Pembeli Pertama".
FIRST, OTHER = "Usaha Uji 1", "Usaha Lain"
SEES_BUSINESSES = {
    "admin": {FIRST, OTHER},
    "staff": {FIRST, OTHER},
    "op_dander": {FIRST},
    "op_kapas": {OTHER},
    "owner": {FIRST},
    "owner_other": {OTHER},
    "partner": set(),
    "buyer": set(),
}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anon"])
def test_lists_show_exactly_the_records_of_the_scope(client, cast, role):
    client.force_login(cast["users"][role])
    want = SEES_BUSINESSES[role]

    def shown(text, names):
        return {n for n in names if n in text}

    api = client.get("/api/v1/businesses?page_size=100").json()
    assert {item["name"] for item in api["results"]} == want
    if role in {"admin", "staff", "op_dander", "op_kapas"}:
        page = client.get("/ikm/").content.decode()
        assert shown(page, [FIRST, OTHER]) == want
        export = client.get("/impor/ekspor/?format=csv").getvalue().decode("utf-8-sig")
        assert shown(export, [FIRST, OTHER]) == want
        batches = client.get("/impor/").content.decode()
        assert (f"/impor/{cast['batch'].pk}/" in batches) == (role in {"admin", "staff"})
    if role in {"admin", "staff", "owner", "owner_other"}:
        products = shown(client.get("/katalog/kelola/").content.decode(), ["Keripik Uji", "Batik Lain Uji"])
        assert products == {{FIRST: "Keripik Uji", OTHER: "Batik Lain Uji"}[b] for b in want}
        leads = client.get("/katalog/kelola/prospek/").content.decode()
        assert ("Pembeli Lain" in leads) == (OTHER in want)
        assert ("Pembeli Pertama" in leads) == (FIRST in want)


def test_an_id_of_another_scope_is_refused_under_an_own_one(client, cast):
    """A record of the other scope asked for through a path of one's own record: not served, not touched."""
    from sentra.catalog.models import Product, ProductPhoto
    from sentra.registry.models import Permit

    other_product = Product.objects.get(business=cast["other_business"])
    foreign_photo = ProductPhoto.objects.create(product=other_product, large_jpeg="x/b.jpg", thumb_jpeg="x/k.jpg")
    foreign_permit = Permit(business=cast["other_business"], kind="halal", number="ID-HALAL-2")
    from django.core.files.base import ContentFile

    foreign_permit.document.save("lain.pdf", ContentFile(b"%PDF-1.4 lain"), save=True)
    client.force_login(cast["users"]["owner"])
    url = f"/katalog/kelola/produk/{cast['product'].pk}/foto/{foreign_photo.pk}/hapus/"
    client.post(url)
    assert ProductPhoto.objects.filter(pk=foreign_photo.pk).exists()
    for role in ("owner", "op_dander"):
        client.force_login(cast["users"][role])
        url = f"/ikm/{cast['business'].pk}/izin/{foreign_permit.pk}/dokumen/"
        assert client.get(url).status_code == 404
