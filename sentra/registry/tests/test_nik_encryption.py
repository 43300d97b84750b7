import pytest
from django.db import connection

from sentra.registry.models import Business, Owner
from sentra.registry.pii import nik_hash
from sentra.registry.selectors import owners_by_nik

NIK = "3522014509800001"


def _raw_nik(pk):
    with connection.cursor() as cur:
        cur.execute("SELECT nik, nik_hash FROM registry_owner WHERE id = %s", [pk])
        return cur.fetchone()


@pytest.mark.django_db
def test_nik_is_encrypted_in_the_database_and_plain_in_python():
    owner = Owner.objects.create(name="Sri", nik=NIK)
    raw, raw_hash = _raw_nik(owner.pk)
    assert NIK not in raw and raw.startswith("gAAAAA")
    assert raw_hash == nik_hash(NIK) and NIK not in raw_hash
    assert Owner.objects.get(pk=owner.pk).nik == NIK


@pytest.mark.django_db
def test_bulk_create_encrypts_and_hashes_too():
    Owner.objects.bulk_create([Owner(name="A", nik=NIK), Owner(name="B", nik="")])
    a, b = Owner.objects.order_by("name")
    assert _raw_nik(a.pk)[0].startswith("gAAAAA") and a.nik == NIK
    assert _raw_nik(b.pk) == ("", "")


@pytest.mark.django_db
def test_owners_by_nik_matches_on_the_hash():
    owner = Owner.objects.create(name="Sri", nik=NIK)
    Owner.objects.create(name="Lain", nik="3522010101800002")
    assert owners_by_nik([NIK, "", "3522999999999999"]) == {NIK: owner}


def test_businesses_by_nik_gives_each_nik_its_owners_first_business(make_business):
    from sentra.registry.selectors import businesses_by_nik

    sri = Owner.objects.create(name="Sri", nik=NIK)
    first = make_business(district="Dander")
    second = make_business(district="Kapas")
    Business.objects.filter(pk__in=[first.pk, second.pk]).update(owner=sri)
    other = make_business(district="Dander")
    Owner.objects.filter(pk=other.owner_id).update(nik_hash=nik_hash("3522010101800002"))
    no_business = Owner.objects.create(name="Tanpa usaha", nik="3522010101800003")
    assert no_business.pk
    found = businesses_by_nik([NIK, "", "3522010101800002", "3522010101800003", "3522999999999999"])
    assert found == {NIK: min(first.pk, second.pk), "3522010101800002": other.pk}
    assert businesses_by_nik([]) == {} and businesses_by_nik([""]) == {}


@pytest.mark.django_db
def test_rotation_keeps_old_tokens_readable(settings):
    from cryptography.fernet import Fernet

    from sentra.registry.management.commands.rotate_nik_keys import rotate_all

    owner = Owner.objects.create(name="Sri", nik=NIK)
    old_token = _raw_nik(owner.pk)[0]
    settings.SENTRA_NIK_KEYS = [Fernet.generate_key().decode(), *settings.SENTRA_NIK_KEYS]
    assert Owner.objects.get(pk=owner.pk).nik == NIK  # old key still decrypts
    assert rotate_all() == 1
    new_token = _raw_nik(owner.pk)[0]
    assert new_token != old_token
    settings.SENTRA_NIK_KEYS = settings.SENTRA_NIK_KEYS[:1]  # old key removed
    assert Owner.objects.get(pk=owner.pk).nik == NIK
