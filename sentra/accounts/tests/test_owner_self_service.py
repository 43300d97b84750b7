import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from sentra.accounts.models import BusinessClaim, ChangeRequest
from sentra.core.audit import history_for
from sentra.registry.models import Permit

NIK = "3522014509800001"


@pytest.fixture
def business(make_business):
    b = make_business(district="Dander", name="Ledre Bu Sri", nib="1234567890123")
    b.owner.nik = NIK
    b.owner.save()
    return b


def test_signup_creates_an_owner_account(client, reference_data):
    response = client.post(
        "/akun/daftar/",
        {
            "username": "busri",
            "first_name": "Sri Wahyuni",
            "email": "sri@example.invalid",
            "password1": "Ledre-Pisang-2026",
            "password2": "Ledre-Pisang-2026",
        },
    )
    assert response.status_code == 302
    from sentra.accounts.models import User

    assert User.objects.get(username="busri").role == "owner"


@pytest.mark.parametrize("identifier", ["1234 5678 90123", "1234567890123", NIK])
def test_claim_by_nib_or_nik_then_staff_confirms(client, owner_user, staff_user, business, identifier):
    client.force_login(owner_user)
    response = client.post("/akun/usaha/klaim/", {"identifier": identifier})
    assert response.status_code == 302
    claim = BusinessClaim.objects.get()
    assert claim.business == business and claim.status == "pending"
    assert client.get(f"/akun/usaha/{business.pk}/ubah/").status_code == 404  # not theirs before confirmation

    client.force_login(staff_user)
    queue = client.get("/akun/tinjauan/").content.decode()
    assert "Ledre Bu Sri" in queue and owner_user.username in queue
    assert client.post(f"/akun/tinjauan/klaim/{claim.pk}/", {"decision": "approve"}).status_code == 302
    business.owner.refresh_from_db()
    assert business.owner.user == owner_user
    assert history_for(business.owner).first().actor == staff_user


@pytest.mark.parametrize(
    "identifier,message",
    [
        ("12345", "Tulis NIB (13 angka) atau NIK pemilik (16 angka)."),
        ("3522010000000000", "NIK"),
    ],
)
def test_bad_claims_get_a_clear_message_and_change_nothing(client, owner_user, business, identifier, message):
    client.force_login(owner_user)
    response = client.post("/akun/usaha/klaim/", {"identifier": identifier})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and identifier in page
    assert not BusinessClaim.objects.exists()


def test_rejected_claim_links_nothing(client, owner_user, staff_user, business):
    claim = BusinessClaim.objects.create(user=owner_user, business=business, matched_on="nib")
    client.force_login(staff_user)
    client.post(f"/akun/tinjauan/klaim/{claim.pk}/", {"decision": "reject"})
    business.owner.refresh_from_db()
    assert business.owner.user is None
    claim.refresh_from_db()
    assert claim.status == "rejected"


def _owner_form(business, **overrides):
    data = {
        "name": business.name,
        "nib": business.nib,
        "owner_name": business.owner.name,
        "products": business.products,
        "phone": "",
        "address": business.address,
        "workers_male": 1,
        "workers_female": 2,
        "monthly_capacity": "",
        "capacity_unit": "",
        "version": business.version,
    }
    data.update(overrides)
    return data


def test_owner_contact_changes_apply_at_once_but_identity_changes_wait_for_review(
    client, owner_user, staff_user, business
):
    business.owner.user = owner_user
    business.owner.save()
    client.force_login(owner_user)
    response = client.post(
        f"/akun/usaha/{business.pk}/ubah/",
        _owner_form(business, products="ledre pisang raja", name="Ledre Sri Rejeki", nib="3210987654321"),
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.products == "ledre pisang raja" and business.workers_female == 2
    assert business.name == "Ledre Bu Sri" and business.nib == "1234567890123"  # not yet
    change = ChangeRequest.objects.get()
    assert change.changes == {"name": ["Ledre Bu Sri", "Ledre Sri Rejeki"], "nib": ["1234567890123", "3210987654321"]}

    client.force_login(staff_user)
    queue = client.get("/akun/tinjauan/").content.decode()
    assert "<del>Ledre Bu Sri</del> → <ins>Ledre Sri Rejeki</ins>" in queue
    client.post(f"/akun/tinjauan/perubahan/{change.pk}/", {"decision": "approve"})
    business = type(business).objects.get(pk=business.pk)
    assert business.name == "Ledre Sri Rejeki" and business.nib == "3210987654321"
    assert history_for(business).first().actor == staff_user


def test_owner_bad_input_is_refused_with_the_typed_values_kept(client, owner_user, business):
    business.owner.user = owner_user
    business.owner.save()
    client.force_login(owner_user)
    response = client.post(f"/akun/usaha/{business.pk}/ubah/", _owner_form(business, nib="12AB", products="jamu"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "NIB hanya boleh berisi angka" in page and "jamu" in page
    assert not ChangeRequest.objects.exists()
    business.refresh_from_db()
    assert business.products == ""


def test_owner_cannot_edit_another_owners_business(client, owner_user, business, make_business):
    other = make_business(district="Kapas")
    business.owner.user = owner_user
    business.owner.save()
    client.force_login(owner_user)
    assert client.get(f"/akun/usaha/{other.pk}/ubah/").status_code == 404
    assert client.post(f"/akun/usaha/{other.pk}/izin/", {"kind": "halal", "number": "X"}).status_code == 404


def test_owner_uploads_a_permit_document(client, owner_user, staff_user, business, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    business.owner.user = owner_user
    business.owner.save()
    client.force_login(owner_user)
    doc = SimpleUploadedFile("halal.pdf", b"%PDF-1.4 halal", content_type="application/pdf")
    response = client.post(
        f"/akun/usaha/{business.pk}/izin/", {"kind": "halal", "number": "ID35110000123", "document": doc}
    )
    assert response.status_code == 302
    permit = Permit.objects.get(kind="halal")
    assert permit.document.name.endswith(".pdf")
    client.force_login(staff_user)
    download = client.get(f"/ikm/{business.pk}/izin/{permit.pk}/dokumen/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 halal"


def test_permit_upload_refuses_other_file_types(client, owner_user, business):
    business.owner.user = owner_user
    business.owner.save()
    client.force_login(owner_user)
    doc = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(f"/akun/usaha/{business.pk}/izin/", {"kind": "halal", "number": "ID1", "document": doc})
    assert response.status_code == 200
    assert "Dokumen izin harus berupa PDF, JPG atau PNG." in response.content.decode()
    assert not Permit.objects.filter(kind="halal").exists()


def test_staff_invitation_link_links_the_new_account(client, staff_user, business, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/akun/undang/{business.pk}/", {"email": "sri@example.invalid"})
    link = response.context["link"]
    assert "/akun/daftar/?undangan=" in link
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    client.logout()
    token = link.split("undangan=")[1]
    response = client.post(
        "/akun/daftar/",
        {
            "undangan": token,
            "username": "busri",
            "first_name": "Sri",
            "email": "sri@example.invalid",
            "password1": "Ledre-Pisang-2026",
            "password2": "Ledre-Pisang-2026",
        },
    )
    assert response.status_code == 302
    business.owner.refresh_from_db()
    assert business.owner.user.username == "busri"


def test_tampered_invitation_is_refused(client, reference_data):
    response = client.get("/akun/daftar/", {"undangan": "palsu:123"})
    assert "Tautan undangan tidak sah." in response.content.decode()


def test_admin_sets_role_and_kecamatan_scope(client, admin_user, owner_user, reference_data):
    client.force_login(admin_user)
    response = client.post(
        f"/akun/pengguna/{owner_user.pk}/",
        {"first_name": "Op", "email": "", "role": "operator", "districts": [], "is_active": "on"},
    )
    assert response.status_code == 200
    assert "minimal satu kecamatan" in response.content.decode()
    response = client.post(
        f"/akun/pengguna/{owner_user.pk}/",
        {"first_name": "Op", "email": "", "role": "operator", "districts": ["35.22.05"], "is_active": "on"},
    )
    assert response.status_code == 302
    owner_user.refresh_from_db()
    assert owner_user.role == "operator" and list(owner_user.districts.values_list("pk", flat=True)) == ["35.22.05"]
    assert history_for(owner_user).first().changes["role"] == ["owner", "operator"]


def test_admin_creates_an_operator_who_sets_their_own_password(
    client, admin_user, reference_data, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    data = {"username": "op.kapas", "first_name": "Op", "email": "op@example.invalid", "role": "operator"}
    refused = client.post("/akun/pengguna/baru/", {**data, "is_active": "on"})
    assert "minimal satu kecamatan" in refused.content.decode() and 'value="op.kapas"' in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/pengguna/baru/", {**data, "districts": ["35.22.05"], "is_active": "on"})
    assert response.status_code == 302
    from sentra.accounts.models import User

    user = User.objects.get(username="op.kapas")
    assert not user.has_usable_password() and user.districts.get().pk == "35.22.05"
    assert len(mail.outbox) == 1 and "/akun/sandi/atur/" in mail.outbox[0].body


def test_a_change_that_clashes_with_another_nib_is_refused_at_review_and_changes_nothing(
    client, staff_user, owner_user, business, make_business
):
    make_business(district="Kapas", nib="3210987654321")
    change = ChangeRequest.objects.create(
        business=business, requested_by=owner_user, changes={"nib": ["1234567890123", "3210987654321"]}
    )
    client.force_login(staff_user)
    response = client.post(f"/akun/tinjauan/perubahan/{change.pk}/", {"decision": "approve"}, follow=True)
    assert "NIB 3210987654321 sudah terdaftar" in response.content.decode()
    change.refresh_from_db()
    assert change.status == "pending"
    assert type(business).objects.get(pk=business.pk).nib == "1234567890123"


def test_a_decided_claim_cannot_be_decided_again(client, staff_user, owner_user, business):
    claim = BusinessClaim.objects.create(user=owner_user, business=business, matched_on="nib")
    client.force_login(staff_user)
    client.post(f"/akun/tinjauan/klaim/{claim.pk}/", {"decision": "reject"})
    response = client.post(f"/akun/tinjauan/klaim/{claim.pk}/", {"decision": "approve"}, follow=True)
    assert "Permintaan ini sudah diputuskan." in response.content.decode()
    business.owner.refresh_from_db()
    assert business.owner.user is None
