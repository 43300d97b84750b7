from sentra.core.audit import history_for
from sentra.registry.services import business_save


def test_every_change_is_in_the_history_with_old_and_new_values(client, staff_user, make_business):
    business = make_business(district="Dander", name="Batik Lama", actor=staff_user)
    business_save(actor=staff_user, business=business, business_data={"name": "Batik Baru"})
    entries = list(history_for(business))
    assert [e.action for e in entries] == ["update", "create"]
    assert entries[0].changes["name"] == ["Batik Lama", "Batik Baru"] and entries[0].actor == staff_user
    client.force_login(staff_user)
    page = client.get(f"/ikm/{business.pk}/").content.decode()
    assert "Riwayat" in page and "Batik Lama → Batik Baru" in page


def test_admin_restores_an_earlier_version(client, admin_user, staff_user, make_business):
    business = make_business(district="Dander", name="Versi Satu", products="ledre")
    first = history_for(business).get()
    business_save(actor=staff_user, business=business, business_data={"name": "Versi Dua"})
    business_save(actor=staff_user, business=business, business_data={"name": "Versi Tiga", "products": "jamu"})
    client.force_login(admin_user)
    response = client.post(f"/ikm/{business.pk}/riwayat/{first.pk}/pulihkan/")
    page = response.content.decode()
    assert response.status_code == 200 and "Pulihkan “Versi Tiga” ke versi" in page and "WIB" in page
    business.refresh_from_db()
    assert business.name == "Versi Tiga"  # only the confirmed POST restores
    response = client.post(f"/ikm/{business.pk}/riwayat/{first.pk}/pulihkan/", {"_confirmed": "1"})
    assert response.status_code == 302
    business.refresh_from_db()
    assert (business.name, business.products) == ("Versi Satu", "ledre")
    latest = history_for(business).first()
    assert latest.actor == admin_user and latest.source == f"pemulihan #{first.pk}"
    assert latest.changes["name"] == ["Versi Tiga", "Versi Satu"]


def test_staff_cannot_restore(client, staff_user, make_business):
    business = make_business(district="Dander", name="Tetap")
    first = history_for(business).get()
    business_save(actor=staff_user, business=business, business_data={"name": "Berubah"})
    client.force_login(staff_user)
    assert client.post(f"/ikm/{business.pk}/riwayat/{first.pk}/pulihkan/").status_code == 403
    business.refresh_from_db()
    assert business.name == "Berubah"


def test_riwayat_includes_owner_and_permit_changes_with_personal_values_masked(client, staff_user, make_business):
    business = make_business(district="Dander", nib="1234567890123")
    business_save(
        actor=staff_user,
        business=business,
        business_data={},
        owner_data={"name": "Bu Sri Baru", "phone": "+6281234567890"},
    )
    client.force_login(staff_user)
    page = client.get(f"/ikm/{business.pk}/").content.decode()
    assert "→ Bu Sri Baru" in page
    assert "1234567890123" in page  # the permit's creation
    assert "+6281234567890" not in page and "Telepon: – → •••" in page


def test_riwayat_names_the_batch_an_import_came_from(client, staff_user, make_business):
    business = make_business(district="Dander", name="Sebelum Impor")
    business_save(actor=staff_user, business=business, business_data={"name": "Sesudah Impor"}, source="impor #12")
    client.force_login(staff_user)
    page = client.get(f"/ikm/{business.pk}/").content.decode()
    assert "t_staf · impor #12" in page


def test_admin_restores_an_imported_record_to_how_it_was_imported(
    reference_data, tmp_path, client, admin_user, staff_user
):
    from sentra.imports.services import run_import
    from sentra.imports.tests.helpers import HEADER, row, write_csv
    from sentra.registry.models import Business

    run_import(path=write_csv(tmp_path / "a.csv", [HEADER, row(1, "Versi Impor")]), actor=staff_user)
    business = Business.objects.get()
    business_save(actor=staff_user, business=business, business_data={"name": "Versi Dua"})
    business_save(actor=staff_user, business=business, business_data={"name": "Versi Tiga"})
    created = history_for(business).get(action="create")
    client.force_login(admin_user)
    page = client.get(f"/ikm/{business.pk}/").content.decode()
    assert f"/ikm/{business.pk}/riwayat/{created.pk}/pulihkan/" in page and "a.csv" in page  # from the import
    assert client.post(f"/ikm/{business.pk}/riwayat/{created.pk}/pulihkan/", {"_confirmed": "1"}).status_code == 302
    business.refresh_from_db()
    assert business.name == "Versi Impor"
    assert history_for(business).first().source == "pemulihan: seperti diimpor"


def test_restore_to_an_import_creation_is_404_for_a_record_not_imported(client, admin_user, make_business):
    business = make_business(district="Dander", name="Manual")
    client.force_login(admin_user)
    assert client.post(f"/ikm/{business.pk}/riwayat/0/pulihkan/").status_code == 404
