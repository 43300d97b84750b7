import pytest

from sentra.regions.models import District
from sentra.regions.resolver import normalize, resolve_district, resolve_village


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Dander", "Dander"),
        ("dander", "Dander"),
        ("  DANDER ", "Dander"),
        ("Kec. Dander", "Dander"),
        ("Kecamatan Dander", "Dander"),
        ("kec dander", "Dander"),
        ("Kedung Adem", "Kedungadem"),
        ("Kepoh Baru", "Kepohbaru"),
        ("Sumberejo", "Sumberrejo"),  # old spelling (BPS 2022)
        ("Sumber Rejo", "Sumberrejo"),
        ("Bojonegoro", "Bojonegoro"),
        ("35.22.06", "Dander"),
        ("352206", "Dander"),
        ("Margomulya", "Margomulyo"),  # small typo
        ("Kalitdu", "Kalitidu"),
    ],
)
def test_resolves_what_people_write(reference_data, typed, expected):
    result = resolve_district(typed)
    assert result.ok, result.message
    assert result.value.name == expected


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_empty_input_says_so(reference_data, typed):
    result = resolve_district(typed)
    assert not result.ok
    assert result.message == "Kecamatan kosong."


def test_unknown_name_is_refused_with_closest_candidates(reference_data):
    result = resolve_district("Sugih")
    assert not result.ok
    assert result.message.startswith("Kecamatan “Sugih” tidak dikenali. Mungkin maksud Anda:")
    assert "Sugihwaras" in result.message
    assert any(d.name == "Sugihwaras" for d in result.candidates)


def test_far_away_name_is_refused_without_guessing(reference_data):
    result = resolve_district("Surabaya")
    assert not result.ok
    assert "Surabaya" in result.message


def test_village_resolution_within_its_district(reference_data):
    dander = District.objects.get(name="Dander")
    any_village = dander.villages.order_by("code").first()
    typed = f"Desa {any_village.name.upper()}"
    assert resolve_village(typed, dander).value == any_village
    # A desa of another kecamatan is not found in Dander, and the message names the kecamatan.
    result = resolve_village("Luwihaji", dander)
    assert not result.ok
    assert "di Kecamatan Dander" in result.message


def test_normalize_strips_prefixes_and_punctuation():
    assert normalize("Kec. Kedung-Adem", ("kecamatan", "kec")) == "kedungadem"
