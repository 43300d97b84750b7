import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from sentra.imports.models import ColumnMapping, ImportBatch
from sentra.imports.readers import csv_text
from sentra.imports.tests.helpers import HEADER, row
from sentra.registry.models import Business


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, rows, name="ikm.csv"):
    data = ("DATA IKM\n\n" + csv_text(rows, delimiter=";")).encode("cp1252")
    return client.post(reverse("imports:index"), {"file": SimpleUploadedFile(name, data)})


def _work():
    call_command("import_worker", "--once", stdout=io.StringIO(), stderr=io.StringIO())


def test_upload_map_check_commit_undo(client, staff_user, reference_data):
    client.force_login(staff_user)
    response = _upload(client, [HEADER, row(1, "Sari Rasa"), row(2, "Kue Endá", kec="Atlantis")])
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:mapping", args=[batch.pk])

    page = client.get(response.url)
    assert "judul kolom ditemukan di baris 3" in page.content.decode()
    post = {f"col_{i}": v for i, v in batch.mapping.items()}
    response = client.post(reverse("imports:mapping", args=[batch.pk]), {**post, "save_as": "Format Dander"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "check_q"
    assert ColumnMapping.objects.get().name == "Format Dander"
    assert 'id="import-progress"' in client.get(reverse("imports:batch", args=[batch.pk])).content.decode()

    _work()
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.error_count) == ("checked", 1, 1)
    assert Business.objects.count() == 0
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Kecamatan “Atlantis” tidak dikenali." in page

    errors = client.get(reverse("imports:errors", args=[batch.pk]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(errors.content)).get_sheet_by_index(0).to_python()
    assert sheet[0][-1].startswith("Kesalahan") and sheet[1][1] == "Kue Endá"
    assert sheet[1][-1] == "Baris 5: Kecamatan: Kecamatan “Atlantis” tidak dikenali."
    assert len(sheet) == 2

    client.post(reverse("imports:commit", args=[batch.pk]), {"on_match": "skip"})
    batch.refresh_from_db()
    assert batch.status == "commit_q" and Business.objects.count() == 0
    _work()
    batch.refresh_from_db()
    assert batch.status == "done" and Business.objects.get().name == "Sari Rasa"
    assert Business.objects.get().created_by == staff_user

    response = client.post(reverse("imports:undo", args=[batch.pk]))
    assert "Batalkan impor" in response.content.decode() and 'name="_confirmed"' in response.content.decode()
    assert Business.objects.count() == 1  # the confirmation page changed nothing
    response = client.post(reverse("imports:undo", args=[batch.pk]), {"_confirmed": "1"}, follow=True)
    assert "dibatalkan" in response.content.decode()
    assert Business.objects.count() == 0


def test_saved_mapping_is_reused_for_the_same_headers(client, staff_user, reference_data):
    client.force_login(staff_user)
    headers = ["Usaha", "Yang Punya", "Wilayah", "Bidang"]
    ColumnMapping.objects.create(
        name="Format lama",
        mapping={"usaha": "name", "yangpunya": "owner_name", "wilayah": "district", "bidang": "sector"},
        created_by=staff_user,
    )
    _upload(client, [headers, ["Sari", "Ani", "Dander", "Makanan"]])
    batch = ImportBatch.objects.get()
    assert batch.mapping == {"0": "name", "1": "owner_name", "2": "district", "3": "sector"}
    assert batch.report["saved_mapping"] == "Format lama"


def test_bad_uploads_keep_nothing_and_say_why(client, staff_user, reference_data):
    client.force_login(staff_user)
    response = client.post(reverse("imports:index"), {"file": SimpleUploadedFile("ikm.pdf", b"%PDF")})
    assert "tidak didukung" in response.content.decode()
    response = _upload(client, [["a", "b"], ["1", "2"]])
    assert "Baris judul kolom tidak ditemukan" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_mapping_refuses_a_field_twice(client, staff_user, reference_data):
    client.force_login(staff_user)
    _upload(client, [HEADER, row(1, "Sari")])
    batch = ImportBatch.objects.get()
    post = {f"col_{i}": v for i, v in batch.mapping.items()}
    post["col_2"] = "name"
    response = client.post(reverse("imports:mapping", args=[batch.pk]), post)
    assert "hanya boleh dipetakan ke satu kolom: Nama usaha" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "uploaded"


def test_export_columns_follow_the_role(client, staff_user, partner_user, dander_operator, make_business):
    business = make_business(name="Sari Rasa", district="Dander", phone="081234567890")
    make_business(name="Di Kapas", district="Kapas")
    owner = business.owner
    owner.nik = "3522015708800001"
    owner.save()
    client.force_login(staff_user)
    text = client.get(reverse("imports:export") + "?format=csv").getvalue().decode("utf-8-sig")
    assert "3522********0001" in text and "3522015708800001" not in text and "Di Kapas" in text
    text = client.get(reverse("imports:export") + "?format=csv&q=Sari").getvalue().decode("utf-8-sig")
    assert "Di Kapas" not in text and "Sari Rasa" in text
    client.force_login(dander_operator)
    text = client.get(reverse("imports:export") + "?format=csv").getvalue().decode("utf-8-sig")
    assert "Sari Rasa" in text and "Di Kapas" not in text
    client.force_login(partner_user)
    assert client.get(reverse("imports:export")).status_code == 403


def test_export_columns_without_personal_data():
    """No role that may use the registry lacks personal-data rights today; the column set is decided by
    sees_personal_data alone, checked here directly."""
    from sentra.imports.export import columns_for

    headers = [c[0] for c in columns_for(False)]
    assert not {"NIK Pemilik", "No. HP/WA", "Alamat"} & set(headers)
    assert {"NIK Pemilik", "No. HP/WA", "Alamat"} <= {c[0] for c in columns_for(True)}


def test_template_has_an_instructions_sheet(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("imports:template"))
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert workbook.sheet_names == ["Data IKM", "Petunjuk"]
    assert workbook.get_sheet_by_index(0).to_python()[0][:3] == ["Nama Usaha", "Nama Pemilik", "NIK Pemilik"]
    help_text = " ".join(str(c) for r in workbook.get_sheet_by_index(1).to_python() for c in r)
    assert "Petunjuk pengisian" in help_text and "Format kolom sebagai Teks" in help_text


def test_other_users_batches_are_hidden(client, staff_user, dander_operator, kapas_operator, reference_data):
    client.force_login(dander_operator)
    _upload(client, [HEADER, row(1, "Sari")])
    batch = ImportBatch.objects.get()
    client.force_login(kapas_operator)
    assert client.get(reverse("imports:batch", args=[batch.pk])).status_code == 404
    client.force_login(staff_user)
    assert client.get(reverse("imports:batch", args=[batch.pk])).status_code == 200


def test_commit_and_undo_need_post(client, staff_user, reference_data):
    client.force_login(staff_user)
    _upload(client, [HEADER, row(1, "Sari")])
    batch = ImportBatch.objects.get()
    assert client.get(reverse("imports:commit", args=[batch.pk])).status_code == 405
    assert client.get(reverse("imports:undo", args=[batch.pk])).status_code == 405
    response = client.post(reverse("imports:commit", args=[batch.pk]), {"on_match": "skip"}, follow=True)
    assert "belum siap disimpan" in response.content.decode()
