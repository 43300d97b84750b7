"""Issue 17, point 4: personal data leaves only with a trace, and is never copied in clear."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from sentra.accounts.models import PersonalDataAccess
from sentra.imports.batches import UndoRefused, batch_undo
from sentra.imports.models import ImportBatch, ImportedRecord
from sentra.imports.readers import csv_text
from sentra.imports.services import run_import
from sentra.imports.tests.helpers import HEADER, row, write_csv
from sentra.registry.models import Business, Owner
from sentra.registry.services import business_save

NIK = "3522015708800001"
PHONE = "+6281234567890"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def updated_batch(make_business, staff_user, tmp_path):
    """A business whose owner has a NIK and phone, then updated by an import."""
    business = make_business(district="Dander", name="Sari Rasa", nib="1234567890123")
    business_save(
        actor=None,
        business=business,
        business_data={"phone": PHONE},
        owner_data={"nik": NIK, "phone": PHONE},
        source="test",
    )
    path = write_csv(tmp_path / "a.csv", [HEADER, row(1, "Sari Rasa Baru", nib="1234567890123", kec="Dander")])
    result = run_import(path=path, on_match=ImportBatch.OnMatch.UPDATE, actor=staff_user)
    assert result.updated == 1
    return ImportBatch.objects.get(pk=result.batch_id), business


def _raw_before(batch) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT before FROM imports_importedrecord WHERE batch_id = %s", [batch.pk])
        return " ".join(str(r[0]) for r in cursor.fetchall())


def test_undo_data_holds_no_nik_or_phone_in_clear(updated_batch):
    batch, business = updated_batch
    raw = _raw_before(batch)
    assert NIK not in raw and "81234567890" not in raw and "sealed" in raw
    batch_undo(batch=batch, actor=None)  # the sealed snapshot still restores everything
    business.refresh_from_db()
    assert business.name == "Sari Rasa" and business.owner.nik == NIK and business.owner.phone == PHONE


def test_undo_data_is_purged_once_undone(updated_batch):
    batch, _ = updated_batch
    batch_undo(batch=batch, actor=None)
    batch.refresh_from_db()
    assert batch.undo_purged and _raw_before(batch) in {"{}", ""}
    assert ImportedRecord.objects.get(batch=batch).before == {}


def test_undo_data_is_purged_when_undo_is_refused(updated_batch, staff_user):
    batch, business = updated_batch
    business.refresh_from_db()
    business_save(actor=staff_user, business=business, business_data={"products": "ledre"}, source="test")
    with pytest.raises(UndoRefused):
        batch_undo(batch=batch, actor=None)
    assert ImportedRecord.objects.get(batch=batch).before == {}
    with pytest.raises(UndoRefused, match="tidak dapat dibatalkan lagi"):
        batch_undo(batch=batch, actor=None)


def test_undo_data_and_files_expire(updated_batch, settings, staff_user, client):
    from sentra.imports import undo_data

    batch, _ = updated_batch
    client.force_login(staff_user)
    upload = csv_text([HEADER, row(1, "Kopi Tani")], delimiter=";").encode()
    client.post(reverse("imports:index"), {"file": SimpleUploadedFile("b.csv", upload)})
    web_batch = ImportBatch.objects.get(source="web")
    stored = Path(web_batch.stored_file)
    assert stored.exists() and str(stored).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))
    # nothing expires today
    call_command("purge_import_data", stdout=io.StringIO())
    assert ImportedRecord.objects.get(batch=batch).before != {} and stored.exists()
    # 31 days later
    past = timezone.now() - timedelta(days=undo_data.UNDO_DAYS + 1)
    ImportBatch.objects.update(created_at=past, committed_at=past)
    out = io.StringIO()
    call_command("purge_import_data", stdout=out)
    assert "1 data pembatalan dihapus" in out.getvalue() and "1 berkas unggahan dihapus" in out.getvalue()
    assert ImportedRecord.objects.get(batch=batch).before == {} and not stored.exists()
    web_batch.refresh_from_db()
    assert web_batch.stored_file == ""
    # the error workbook of a batch whose file is gone: a message, not a 500
    response = client.get(reverse("imports:errors", args=[web_batch.pk]), follow=True)
    assert "sudah dihapus" in response.content.decode()


def test_uploaded_files_are_not_under_media_root(client, staff_user, settings, reference_data):
    client.force_login(staff_user)
    client.post(reverse("imports:index"), {"file": SimpleUploadedFile("c.csv", b"Nama Usaha;Kecamatan\nA;Dander\n")})
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


# --- exports -----------------------------------------------------------------------------------------------------


@pytest.fixture
def with_nik(make_business):
    business = make_business(district="Dander", name="Sari Rasa")
    business_save(actor=None, business=business, business_data={}, owner_data={"nik": NIK}, source="test")
    make_business(district="Kapas", name="Di Kapas")
    return business


def _export(client, query):
    return client.get(reverse("imports:export") + query)


def test_the_default_export_masks_nik_and_is_logged(client, staff_user, with_nik):
    client.force_login(staff_user)
    text = _export(client, "?format=csv&kecamatan=35.22.06").getvalue().decode("utf-8-sig")
    assert NIK not in text and "3522********0001" in text
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.kind) == (staff_user, "export")
    assert "NIK disamarkan" in log.what and "kecamatan=35.22.06" in log.what
    assert log.rows == Business.objects.filter(district_id="35.22.06").count()


def test_full_nik_needs_a_purpose_and_is_logged_with_it(client, dander_operator, with_nik):
    client.force_login(dander_operator)
    refused = _export(client, "?format=csv&nik=lengkap")
    assert refused.status_code == 302 and not PersonalDataAccess.objects.exists()
    text = _export(client, "?format=csv&nik=lengkap&tujuan=Verifikasi+bantuan+alat+2026").getvalue().decode("utf-8-sig")
    assert NIK in text and "Di Kapas" not in text
    log = PersonalDataAccess.objects.get()
    assert "NIK lengkap" in log.what and "tujuan: Verifikasi bantuan alat 2026" in log.what and log.rows == 1


def test_the_cli_export_masks_nik_unless_asked_with_a_purpose(with_nik, tmp_path):
    target = tmp_path / "out.csv"
    call_command("export_ikm", "-o", str(target), "--personal-data", stdout=io.StringIO())
    assert NIK not in target.read_text(encoding="utf-8-sig")
    assert PersonalDataAccess.objects.get().what.startswith("Ekspor registri (CLI, NIK disamarkan)")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--purpose"):
        call_command("export_ikm", "-o", str(target), "--personal-data", "--full-nik", stdout=io.StringIO())
    call_command(
        "export_ikm",
        "-o",
        str(target),
        "--personal-data",
        "--full-nik",
        "--purpose",
        "pencocokan data BPS",
        stdout=io.StringIO(),
    )
    assert NIK in target.read_text(encoding="utf-8-sig")
    assert PersonalDataAccess.objects.count() == 2


# --- merge -------------------------------------------------------------------------------------------------------


def test_merging_removes_the_orphan_owner(client, staff_user, make_business):
    keep = make_business(district="Dander", name="Sari Rasa")
    remove = make_business(district="Dander", name="Sari Rasa (dobel)")
    business_save(actor=None, business=remove, business_data={}, owner_data={"nik": NIK, "phone": PHONE}, source="test")
    orphan = remove.owner.pk
    client.force_login(staff_user)
    client.post(reverse("registry:merge"), {"keep": keep.pk, "remove": remove.pk, "_confirmed": "1"})
    assert not Business.objects.filter(pk=remove.pk).exists()
    assert not Owner.objects.filter(pk=orphan).exists()
    assert Owner.objects.filter(pk=keep.owner_id).exists()


def test_merging_keeps_an_owner_that_has_another_business(staff_user, make_business):
    from sentra.registry.merge import business_merge

    keep = make_business(district="Dander", name="Sari Rasa")
    remove = make_business(district="Dander", name="Sari Rasa (dobel)")
    third = make_business(district="Dander", name="Kopi Lain")
    Business.objects.filter(pk=third.pk).update(owner=remove.owner)
    business_merge(actor=staff_user, keep=keep, remove=Business.objects.get(pk=remove.pk))
    assert Owner.objects.filter(pk=remove.owner_id).exists()


def test_the_import_report_json_is_unchanged(reference_data, tmp_path):
    """The import_ikm --json contract still holds with the sealed undo data."""
    path = write_csv(tmp_path / "a.csv", [HEADER, row(1, "Sari Rasa")])
    out = io.StringIO()
    call_command("import_ikm", str(path), "--json", stdout=out, stderr=io.StringIO())
    assert set(json.loads(out.getvalue())) >= {"rows", "created", "updated", "duplicates", "errors"}
