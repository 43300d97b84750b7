import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sentra.regions.loader import RegionDataError, load_regency
from sentra.regions.models import District, Regency, Village
from sentra.regions.resolver import resolve_district


def test_migrate_loads_home_regency_with_codes(reference_data):
    assert District.objects.filter(regency_id="35.22").count() == 28
    assert Village.objects.filter(district__regency_id="35.22").count() == 430
    assert Village.objects.filter(district__regency_id="35.22", kind="kelurahan").count() == 11
    dander = District.objects.get(code="35.22.06")
    assert dander.name == "Dander" and dander.label_lat is not None
    assert Regency.objects.get(code="35.22").name == "Kabupaten Bojonegoro"


def test_loading_again_changes_nothing(reference_data):
    before = Village.objects.count()
    result = load_regency("35.22")
    assert (result.districts, result.villages) == (28, 430)
    assert Village.objects.count() == before


def test_load_another_regency_from_national_files(reference_data, capsys):
    call_command("load_regions", "33.20")  # Jepara
    assert Regency.objects.get(code="33.20").name == "Kabupaten Jepara"
    assert District.objects.filter(regency_id="33.20").count() > 10
    assert Village.objects.filter(district__regency_id="33.20").count() > 150
    assert "33.20" in capsys.readouterr().out
    # The resolver is per regency: Jepara's kecamatan resolve there, not in the home regency.
    assert resolve_district("Kec. Jepara", regency_code="33.20").ok
    assert not resolve_district("Jepara").ok


def test_load_from_a_file_set(reference_data, tmp_path):
    prefix = tmp_path / "kudus"
    (tmp_path / "kudus_kecamatan.csv").write_text("code,name\n33.19.01,Kaliwungu\n", encoding="utf-8")
    (tmp_path / "kudus_desa.csv").write_text(
        "code,kecamatan_code,name,type,postal_code\n33.19.01.2001,33.19.01,Bakalankrapyak,desa,59361\n",
        encoding="utf-8",
    )
    load_regency("33.19", prefix)
    village = Village.objects.get(code="33.19.01.2001")
    assert (village.kind, village.postal_code, village.district.name) == ("desa", "59361", "Kaliwungu")


def test_bad_input_is_refused_and_nothing_is_written(reference_data, tmp_path):
    (tmp_path / "x_kecamatan.csv").write_text("code,name\n33.19.01,Kaliwungu\n", encoding="utf-8")
    (tmp_path / "x_desa.csv").write_text(
        "code,kecamatan_code,name,type,postal_code\n33.19.09.2001,33.19.09,Nowhere,desa,\n", encoding="utf-8"
    )
    with pytest.raises(RegionDataError, match="tidak ada"):
        load_regency("33.19", tmp_path / "x")
    assert not District.objects.filter(code="33.19.01").exists()
    with pytest.raises(CommandError, match="Kode 99.99 tidak ada"):
        call_command("load_regions", "99.99")
