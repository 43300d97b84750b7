"""An import is limited to the importing user's scope (issue 17, point 1).

An operator of Dander uploads a file whose row carries the NIB (or the owner's NIK) of a Kapas business and
kecamatan "Dander". On main the check matched "IKM #1 (cocok menurut NIB)" and the commit with update moved
that business into Dander and replaced its name, owner and phone. Now such a row is an error that names no
business, nothing outside the scope is touched, and the check report names nothing outside it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from sentra.imports.models import ColumnMapping, ImportBatch
from sentra.imports.readers import csv_text
from sentra.imports.tests.helpers import HEADER, row
from sentra.registry.models import Business

NIB_KAPAS = "1234567890123"
NIK_KAPAS = "3522015708800001"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _upload(client, rows, name="ikm.csv"):
    data = ("DATA IKM\n\n" + csv_text(rows, delimiter=";")).encode("utf-8")
    return client.post(reverse("imports:index"), {"file": SimpleUploadedFile(name, data)})


def _work():
    call_command("import_worker", "--once", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def kapas_business(make_business):
    from sentra.registry.services import business_save

    business = make_business(district="Kapas", name="Batik Kapas Asli", nib=NIB_KAPAS)
    business_save(
        actor=None, business=business, business_data={}, owner_data={"nik": NIK_KAPAS, "phone": ""}, source="test"
    )
    return Business.objects.select_related("owner").get(pk=business.pk)


def _check_and_commit(client, batch, on_match="update"):
    client.post(reverse("imports:mapping", args=[batch.pk]), {f"col_{i}": v for i, v in batch.mapping.items()})
    _work()
    batch.refresh_from_db()
    assert batch.status == "checked", batch.message
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    client.post(reverse("imports:commit", args=[batch.pk]), {"on_match": on_match})
    _work()
    batch.refresh_from_db()
    return page


@pytest.mark.parametrize("column", ["nib", "nik"])
def test_operator_cannot_match_or_update_a_business_of_another_kecamatan(
    client, dander_operator, kapas_business, column
):
    before = Business.objects.select_related("owner").get(pk=kapas_business.pk)
    values = {"nib": NIB_KAPAS} if column == "nib" else {"nik": NIK_KAPAS}
    client.force_login(dander_operator)
    _upload(
        client,
        [HEADER, row(1, "Nama Baru Dari Dander", owner="Pemilik Palsu", phone="081234567890", kec="Dander", **values)],
    )
    batch = ImportBatch.objects.get()
    page = _check_and_commit(client, batch)

    after = Business.objects.select_related("owner").get(pk=kapas_business.pk)
    assert (after.district_id, after.name, after.owner.name, after.phone) == (
        before.district_id,
        before.name,
        before.owner.name,
        before.phone,
    )
    assert Business.objects.count() == 1  # not created as a second record either
    assert batch.status == "done" and (batch.updated, batch.created, batch.error_count) == (0, 0, 1)
    error = batch.report["errors"][0]
    assert error["row"] == 4 and error["column"] == ("NIB" if column == "nib" else "NIK")
    assert "di luar kecamatan tugas Anda" in error["message"]
    # names no business: neither its id, its name, nor its kecamatan, in the report or on the page
    report_text = str(batch.report)
    for leak in (f"IKM #{kapas_business.pk}", "Batik Kapas Asli", "Kapas"):
        assert leak not in report_text and leak not in page


def test_a_dry_run_of_an_operator_is_no_oracle(kapas_business, dander_operator, tmp_path):
    from sentra.imports.batches import _allowed_districts
    from sentra.imports.services import run_import
    from sentra.imports.tests.helpers import write_csv

    path = write_csv(
        tmp_path / "a.csv",
        [HEADER, row(1, "Apa Saja", nib=NIB_KAPAS, kec="Dander"), row(2, "Lain Lagi", nik=NIK_KAPAS, kec="Dander")],
    )
    result = run_import(path=path, dry_run=True, allowed_districts=_allowed_districts(dander_operator))
    assert [a["action"] for a in result.actions] == ["error", "error"]
    assert "Batik Kapas" not in str(result.report()) and f"IKM #{kapas_business.pk}" not in str(result.report())
    # the same file for office staff matches as before
    staff = run_import(path=path, dry_run=True, allowed_districts=None)
    assert "cocok menurut NIB" in staff.actions[0]["note"] and staff.errors == []


def test_operator_still_updates_a_business_of_their_own_kecamatan(client, dander_operator, make_business):
    own = make_business(district="Dander", name="Ledre Dander", nib="9876543210987")
    client.force_login(dander_operator)
    _upload(client, [HEADER, row(1, "Ledre Dander Baru", nib="9876543210987", kec="Dander")])
    batch = ImportBatch.objects.get()
    page = _check_and_commit(client, batch)
    assert f"IKM #{own.pk} (cocok menurut NIB)" in page
    assert batch.updated == 1 and Business.objects.get(pk=own.pk).name == "Ledre Dander Baru"


def test_a_name_match_outside_the_scope_is_not_suggested(kapas_business, dander_operator, tmp_path):
    """The "similar to …" hint and the name match look only inside the scope."""
    from sentra.imports.services import _Registry

    registry = _Registry({"35.22.05"})  # a kecamatan code that holds no business
    assert registry.by_name == {} and registry.names_in_district == {}
    assert not registry.visible(kapas_business.pk)
    assert _Registry(None).visible(kapas_business.pk)


def test_saved_mappings_belong_to_their_user(client, admin_user, dander_operator, reference_data):
    rows = [HEADER, row(1, "Sari")]
    client.force_login(dander_operator)
    _upload(client, rows)
    batch = ImportBatch.objects.get()
    wrong = {f"col_{i}": v for i, v in batch.mapping.items()}
    owner_col = HEADER.index("Nama Pemilik")
    assert wrong[f"col_{owner_col}"] == "owner_name"
    wrong[f"col_{owner_col}"] = "address"  # the operator's own (odd) way, saved for themselves
    client.post(reverse("imports:mapping", args=[batch.pk]), {**wrong, "save_as": "Punyaku"})
    saved = ColumnMapping.objects.get()
    assert saved.created_by == dander_operator and not saved.shared

    client.force_login(admin_user)
    _upload(client, rows)
    admin_batch = ImportBatch.objects.filter(created_by=admin_user).get()
    assert admin_batch.report["saved_mapping"] == ""
    assert admin_batch.mapping[str(owner_col)] == "owner_name"
    # the same name is free for another user
    right = {f"col_{i}": v for i, v in admin_batch.mapping.items()}
    response = client.post(reverse("imports:mapping", args=[admin_batch.pk]), {**right, "save_as": "Punyaku"})
    assert response.status_code == 302 and ColumnMapping.objects.count() == 2

    # shared on purpose by an admin: then it pre-fills everyone's upload (their own first)
    ColumnMapping.objects.filter(created_by=dander_operator).update(shared=True)
    _upload(client, rows)
    third = ImportBatch.objects.filter(created_by=admin_user).order_by("-id").first()
    assert third.mapping[str(owner_col)] == "owner_name"
    ColumnMapping.objects.filter(created_by=admin_user).delete()
    _upload(client, rows)
    fourth = ImportBatch.objects.filter(created_by=admin_user).order_by("-id").first()
    assert fourth.report["saved_mapping"] == "Punyaku" and fourth.mapping[str(owner_col)] == "address"
