import pytest
from django.urls import reverse

from sentra.core.audit import history_for
from sentra.imports.batches import UndoRefused, batch_undo
from sentra.imports.models import ImportBatch
from sentra.imports.services import run_import
from sentra.imports.tests.helpers import HEADER, row, write_csv
from sentra.registry.duplicates import duplicate_pairs
from sentra.registry.merge import business_merge
from sentra.registry.models import Business, Permit
from sentra.registry.services import RegistryError


def test_duplicate_pairs_same_and_near_names(make_business):
    a = make_business(name="UD Sari Rasa", district="Dander")
    b = make_business(name="Sari Rasa", district="Dander")
    c = make_business(name="Sari Rasaa", district="Dander")
    make_business(name="Sari Rasa", district="Kapas")  # other kecamatan: not a candidate
    make_business(name="Batik Asri", district="Dander")
    pairs = {(p["a"], p["b"]): p["reason"] for p in duplicate_pairs(Business.objects.all())}
    assert pairs[(a.pk, b.pk)] == "nama sama"
    assert pairs[(a.pk, c.pk)] == "nama mirip" and pairs[(b.pk, c.pk)] == "nama mirip"
    assert len(pairs) == 3


def test_merge_keeps_permits_history_and_fills_gaps(make_business, staff_user):
    keep = make_business(name="Sari Rasa", district="Dander")
    remove = make_business(name="Sari Rasa", district="Dander", nib="1234567890123", products="keripik")
    remove_pk = remove.pk
    business_merge(actor=staff_user, keep=keep, remove=remove)
    keep.refresh_from_db()
    assert not Business.objects.filter(pk=remove_pk).exists()
    assert keep.products == "keripik"
    assert Permit.objects.get(kind="nib").business == keep
    history = list(history_for(keep))
    assert history[0].changes["digabung_dari"] == [remove_pk, "Sari Rasa"] and history[0].actor == staff_user
    assert len([h for h in history if h.action == "create"]) == 2  # both records' creation stays in the history


def test_merge_refuses_two_different_nibs(make_business, staff_user):
    keep = make_business(name="A", nib="1234567890123")
    remove = make_business(name="B", nib="1234567890124")
    with pytest.raises(RegistryError, match="NIB berbeda"):
        business_merge(actor=staff_user, keep=keep, remove=remove)
    assert Business.objects.count() == 2


def test_merge_screen_is_for_office_staff(client, staff_user, dander_operator, make_business):
    a = make_business(name="Sari Rasa")
    b = make_business(name="Sari Rasa")
    client.force_login(dander_operator)
    assert client.get(reverse("registry:duplicates")).status_code == 403
    client.force_login(staff_user)
    assert "Sari Rasa" in client.get(reverse("registry:duplicates")).content.decode()
    page = client.post(reverse("registry:merge"), {"keep": a.pk, "remove": b.pk}).content.decode()
    assert "Gabungkan" in page and "dihapus dari registri" in page and Business.objects.count() == 2
    response = client.post(reverse("registry:merge"), {"keep": a.pk, "remove": b.pk, "_confirmed": "1"}, follow=True)
    assert "digabung ke" in response.content.decode()
    assert list(Business.objects.values_list("pk", flat=True)) == [a.pk]
    response = client.post(reverse("registry:merge"), {"keep": a.pk, "remove": b.pk, "_confirmed": "1"}, follow=True)
    assert "tidak ditemukan" in response.content.decode()


def test_undo_refused_after_a_merge(reference_data, make_business, tmp_path, admin_user):
    result = run_import(path=write_csv(tmp_path / "a.csv", [HEADER, row(1, "Kopi Tani")]), actor=admin_user)
    imported = Business.objects.get(name="Kopi Tani")
    older = make_business(name="Kopi Tani Lama")
    business_merge(actor=admin_user, keep=older, remove=imported)
    with pytest.raises(UndoRefused, match="sudah dihapus atau digabung"):
        batch_undo(batch=ImportBatch.objects.get(pk=result.batch_id), actor=admin_user)


def test_merging_two_imported_records_keeps_both_creations_in_the_riwayat(
    reference_data, tmp_path, staff_user, admin_user
):
    from sentra.registry.selectors import business_history

    run_import(
        path=write_csv(tmp_path / "a.csv", [HEADER, row(1, "Sari Rasa"), row(2, "Sari Rasa Bu Tin")]), actor=admin_user
    )
    keep, remove = Business.objects.order_by("pk")
    remove_pk = remove.pk
    business_merge(actor=staff_user, keep=keep, remove=remove)
    history = business_history(keep)
    created = [
        (h.object_id, h.changes["name"][1], h.changes["baris"][1])
        for h in history
        if h.action == "create" and h.content_type.model == "business"
    ]
    # the removed record's creation is now a history row of the kept record; the kept one's own is still shown
    assert sorted(created) == sorted([(str(keep.pk), "Sari Rasa", 4), (str(keep.pk), "Sari Rasa Bu Tin", 5)])
    moved = next(h for h in history_for(keep) if h.action == "create")
    assert moved.changes["name"] == [None, "Sari Rasa Bu Tin"] and moved.actor == admin_user
    assert not Business.objects.filter(pk=remove_pk).exists()
