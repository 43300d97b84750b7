"""The import looks the registry up by index a chunk at a time (Business.name_key, the NIB, the NIK hash)
instead of reading every business first: the same duplicates, matches, scope errors and "mirip" notes as the
full read gave (kept here as the reference), and Business.name_key kept by every writer."""

import pytest
from rapidfuzz import fuzz, process

from sentra.imports import normalize as norm
from sentra.imports import services
from sentra.imports.models import ImportBatch
from sentra.imports.services import run_import
from sentra.imports.tests.helpers import HEADER, row, write_csv
from sentra.regions.models import District, Village
from sentra.registry.duplicates import name_key
from sentra.registry.models import Business, Owner, Permit
from sentra.registry.selectors import businesses_by_nik_hash

NIK = "3522011203850001"


class FullReadRegistry:
    """The registry index as the import built it before (every business and NIB read into memory at the
    start): the reference the indexed lookups must agree with."""

    def __init__(self, allowed=None):
        self.allowed = allowed
        businesses = Business.objects.all()
        if allowed is not None:
            businesses = businesses.filter(district_id__in=allowed)
            self.in_scope = set(businesses.values_list("id", flat=True))
        else:
            self.in_scope = None
        self.by_nib = dict(Permit.objects.filter(kind=Permit.Kind.NIB).values_list("number", "business_id"))
        self.nib_of = {b: n for n, b in self.by_nib.items()}
        self.by_name = {}
        self.names_in_district = {}
        for pk, name, village, district in businesses.values_list("id", "name", "village_id", "district_id"):
            key = norm.name_key(name)
            self.by_name.setdefault((key, village or "d:" + district), pk)
            if village:
                self.by_name.setdefault((key, "d:" + district), pk)
            self.names_in_district.setdefault(district, {})[key] = (pk, name)

    def load(self, chunk, nik_matches):
        pass

    def by_nik_hash(self, hashes):
        return businesses_by_nik_hash(hashes)

    def nib_of_business(self, pk):
        return self.nib_of.get(pk)

    def visible(self, pk):
        return self.in_scope is None or pk in self.in_scope

    def near(self, key, district):
        names = self.names_in_district.get(district)
        if not names or not key:
            return ""
        match = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=services.NEAR_MATCH_SCORE)
        return names[match[0]][1] if match else ""


@pytest.fixture
def registry(reference_data, make_business):
    dander = Village.objects.filter(district__name="Dander").order_by("code")[:2]
    a, b = dander[0], dander[1]
    made = {
        "sari_a": make_business(name="UD Sari Rasa", village_id=a.code),
        "jaya_2": make_business(name="UD. Jaya", village_id=a.code),
        "jaya_1": make_business(name="Jaya", village_id=a.code),  # same key and desa: the first by name wins
        "kopi": make_business(name="Kopi Tani"),  # no desa
        "batik": make_business(name="Batik Asri", village_id=b.code),
        "nib": make_business(name="Tempe Murni", nib="1111222233334"),
        "tahu": make_business(name="Tahu Sehat", nib="1313131313131"),
        "kapas": make_business(name="Ledre Kapas", district="Kapas", nib="5555666677778"),
        "kapas_name": make_business(name="Sari Rasa", district="Kapas"),
    }
    owner = made["nib"].owner
    owner.nik = NIK
    owner.save()
    return made, a, b


def _rows(a, b):
    return [
        HEADER,
        row(1, "Sari Rasa", desa=a.name),  # the same name and desa as UD Sari Rasa
        row(2, "Sari Rasa", desa=b.name),  # another desa: created, noted as near ("Sari Rasa" everywhere)
        row(3, "Kopi Tani", desa=a.name),  # registry has it without desa: a desa row is another place
        row(4, "Kopi-Tani"),  # no desa: matches the one without desa
        row(5, "Jaya", desa=a.name),  # two businesses of that key and desa: the first by (name, id)
        row(6, "Batik Asrii", desa=a.name),  # near Batik Asri
        row(7, "Nama Baru", nib="1111 2222 3333 4"),  # NIB match
        row(8, "Lain Lagi", nik=NIK),  # NIK match (same business as row 7: already claimed)
        row(9, "Apa Saja", nib="5555666677778"),  # NIB of a Kapas business
        row(10, "Tahu Sehat", nib="9999888877776"),  # name matches a business with another NIB
        row(11, "Sari Rasa", kec="Kapas"),  # Kapas: matches there (or outside the scope)
        row(12, "Betul Baru Sekali", desa=b.name),  # nothing like it
    ]


def _both(monkeypatch, **kwargs):
    indexed = run_import(dry_run=True, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(services, "_Registry", FullReadRegistry)
        full = run_import(dry_run=True, **kwargs)
    return indexed, full


@pytest.mark.parametrize("on_match", [ImportBatch.OnMatch.SKIP, ImportBatch.OnMatch.UPDATE])
@pytest.mark.parametrize("scope", ["all", "dander"])
def test_the_same_duplicates_matches_and_notes_as_reading_the_whole_registry(
    registry, tmp_path, monkeypatch, on_match, scope
):
    made, a, b = registry
    allowed = None if scope == "all" else {District.objects.get(regency_id="35.22", name="Dander").code}
    path = write_csv(tmp_path / "a.csv", _rows(a, b))
    indexed, full = _both(monkeypatch, path=path, on_match=on_match, allowed_districts=allowed)
    assert indexed.report() == full.report()
    actions = dict(enumerate(indexed.actions, start=1))  # by the number in the No column
    # and what the full read found is what it should be (so the comparison compares something)
    assert f"IKM #{made['sari_a'].pk} " in actions[1]["note"]
    assert actions[2]["action"] == "create" and "mirip dengan" in actions[2]["note"]
    assert actions[3]["action"] == "create" and f"IKM #{made['kopi'].pk} " in actions[4]["note"]
    assert f"IKM #{made['jaya_1'].pk} " in actions[5]["note"]
    assert actions[6]["note"] == "mirip dengan “Batik Asri” di registri — periksa"
    assert f"IKM #{made['nib'].pk} (cocok menurut NIB)" in actions[7]["note"]
    assert actions[8]["action"] == "duplicate" and "sudah dicocokkan baris" in actions[8]["note"]
    assert (actions[12]["action"], actions[12]["note"]) == ("create", "")
    if scope == "all":
        assert f"IKM #{made['kapas'].pk} (cocok menurut NIB)" in actions[9]["note"]
        assert f"IKM #{made['kapas_name'].pk} " in actions[11]["note"]
    else:
        assert actions[9]["action"] == "error" and "Ledre" not in str(indexed.report())
        assert actions[11]["action"] == "error"  # a Kapas row is outside a Dander operator's scope
    if on_match == ImportBatch.OnMatch.UPDATE:
        assert actions[10]["action"] == "error"
        assert any("sudah memiliki NIB lain (1313131313131)" in e["message"] for e in indexed.errors)
        assert indexed.updated == full.updated > 0
    else:
        assert f"IKM #{made['tahu'].pk} (cocok menurut nama usaha dan desa)" in actions[10]["note"]
    assert indexed.duplicates == full.duplicates > 0


def test_rows_created_by_the_same_import_are_not_registry_matches(reference_data, tmp_path, monkeypatch):
    """A later chunk does not see the businesses that earlier chunks of the same import wrote: a name met
    first with a desa and later without one is created twice, as when the registry was read once at the start."""
    monkeypatch.setattr(services, "CHUNK", 1)
    desa = Village.objects.filter(district__name="Dander").order_by("code").first()
    path = write_csv(tmp_path / "a.csv", [HEADER, row(1, "Gula Aren", desa=desa.name), row(2, "Gula Aren")])
    result = run_import(path=path)
    assert (result.created, result.duplicates) == (2, 0)
    assert list(Business.objects.values_list("name_key", flat=True)) == ["gulaaren", "gulaaren"]


def test_name_key_follows_the_name_on_every_write(reference_data, make_business, staff_user, tmp_path):
    from sentra.registry.services import business_save

    business = make_business(name="UD. Sari Rasa", nib="1212121212121")
    assert business.name_key == name_key("UD. Sari Rasa") == "sarirasa"
    business_save(
        actor=staff_user,
        business=business,
        business_data={
            "name": "Kopi Tani Makmur",
            "sector_id": business.sector_id,
            "district_id": business.district_id,
        },
        owner_data={"name": business.owner.name},
        source="test",
    )
    assert Business.objects.get(pk=business.pk).name_key == "kopitanimakmur"
    business.name = "CV Jaya Abadi"
    business.save(update_fields=["name"])
    assert Business.objects.get(pk=business.pk).name_key == "jayaabadi"
    owner = Owner.objects.create(name="P")
    made = Business.objects.bulk_create(
        [Business(name="Toko  Batik!", owner=owner, sector_id="craft", district_id=business.district_id)]
    )
    assert Business.objects.get(pk=made[0].pk).name_key == "batik"
    # an import that updates the name (matched by NIB) stores the new key, and finds it by that key next time
    path = write_csv(tmp_path / "a.csv", [HEADER, row(1, "Ledre Baru", nib="1212121212121")])
    run_import(path=path, on_match=ImportBatch.OnMatch.UPDATE)
    assert Business.objects.get(pk=business.pk).name_key == "ledrebaru"
    again = run_import(path=write_csv(tmp_path / "b.csv", [HEADER, row(1, "LEDRE BARU")]), dry_run=True)
    assert f"IKM #{business.pk} (cocok menurut nama usaha dan desa)" in again.actions[0]["note"]
