import pytest

from sentra.core.audit import history_for
from sentra.regions.models import District, Village
from sentra.registry.models import Business, Permit
from sentra.registry.services import RegistryError, business_delete, business_save


def test_create_records_who_and_derives_scale_and_nib(make_business, staff_user):
    b = make_business(actor=staff_user, nib="1234 5678 90123", capital=3_000_000_000)
    b.refresh_from_db()
    assert b.scale == "kecil"
    assert b.created_by == staff_user
    assert Permit.objects.get(business=b, kind="nib").number == "1234567890123"
    assert Business.objects.with_nib_flag().get(pk=b.pk).has_nib is True
    entry = history_for(b).first()
    assert entry.action == "create" and entry.actor == staff_user
    assert entry.changes["name"] == [None, b.name]


def test_update_logs_old_and_new_values_and_masks_personal_fields(make_business, staff_user):
    b = make_business(actor=staff_user, workers_male=2)
    business_save(
        actor=staff_user,
        business=b,
        business_data={"workers_male": 5, "phone": "+6281234567890"},
    )
    entry = history_for(b).first()
    assert entry.action == "update"
    assert entry.changes["workers_male"] == [2, 5]
    assert entry.changes["phone"] == ["", "•••"]


def test_no_change_no_history_row(make_business, staff_user):
    b = make_business(actor=staff_user)
    n = history_for(b).count()
    business_save(actor=staff_user, business=b, business_data={"name": b.name})
    assert history_for(b).count() == n


def test_nib_is_unique_across_businesses(make_business):
    first = make_business(nib="1234567890123")
    with pytest.raises(RegistryError, match=f"sudah terdaftar untuk IKM “{first.name}”"):
        make_business(nib="1234567890123")
    assert Business.objects.count() == 1  # the failed create left nothing behind


def test_one_nib_per_business(make_business):
    b = make_business()
    with pytest.raises(RegistryError, match="hanya boleh memiliki satu NIB"):
        business_save(
            actor=None,
            business=b,
            business_data={},
            permits=[{"kind": "nib", "number": "1111111111111"}, {"kind": "nib", "number": "2222222222222"}],
        )
    assert not b.permits.exists()


def test_village_must_lie_in_district(make_business):
    b = make_business(district="Dander")
    elsewhere = Village.objects.exclude(district__name="Dander").first()
    with pytest.raises(RegistryError, match="tidak berada di Kecamatan Dander"):
        business_save(actor=None, business=b, business_data={"village_id": elsewhere.code})
    b.refresh_from_db()
    assert b.village_id is None


def test_failure_midway_rolls_back_owner_and_business(make_business, staff_user):
    existing = make_business(nib="1234567890123")
    owners_before = existing.owner.__class__.objects.count()
    with pytest.raises(RegistryError):
        business_save(
            actor=staff_user,
            business=None,
            business_data={"name": "Baru", "sector_id": "craft", "district_id": District.objects.first().code},
            owner_data={"name": "Pemilik Baru"},
            permits=[{"kind": "nib", "number": "1234567890123"}],
        )
    assert Business.objects.count() == 1
    assert existing.owner.__class__.objects.count() == owners_before


def test_delete_is_logged(make_business, staff_user):
    b = make_business()
    pk = b.pk
    business_delete(actor=staff_user, business=b)
    assert not Business.objects.filter(pk=pk).exists()
    from sentra.core.models import ChangeLog

    assert ChangeLog.objects.filter(object_id=str(pk), action="delete", actor=staff_user).exists()
