import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from sentra.accounts.models import User
from sentra.metrics.figures import regency_statistics
from sentra.registry.models import Business, Owner, Permit
from sentra.registry.validators import parse_nik


@pytest.fixture
def demo(reference_data):
    call_command("seed_demo")


def test_demo_figures_equal_the_press_figures(demo):
    stats = regency_statistics()
    assert stats["total"] == 1762
    assert stats["districts"] == 28
    assert {s["code"]: s["count"] for s in stats["by_sector"]} == {"food_beverage": 1431, "craft": 331}
    assert stats["with_nib"] == 1349
    assert Business.objects.with_nib().count() == 1349
    assert all(row["count"] > 0 for row in stats["by_district"])
    counts = sorted(row["count"] for row in stats["by_district"])
    assert counts[-1] > 3 * counts[0], "spread should be uneven, as in a real regency"


def test_running_twice_changes_nothing(demo):
    before = (Business.objects.count(), Owner.objects.count(), Permit.objects.count(), User.objects.count())
    names = list(Business.objects.order_by("pk").values_list("name", flat=True)[:20])
    call_command("seed_demo")
    after = (Business.objects.count(), Owner.objects.count(), Permit.objects.count(), User.objects.count())
    assert before == after
    assert names == list(Business.objects.order_by("pk").values_list("name", flat=True)[:20])


def test_demo_is_realistic_and_valid(demo):
    assert Business.objects.filter(is_demo=False).count() == 0
    assert Permit.objects.filter(kind="pirt").exists() and Permit.objects.filter(kind="halal").exists()
    assert Business.objects.filter(market_reach="export").exclude(export_countries=[]).exists()
    assert Business.objects.filter(name__startswith="Ledre").exists()
    assert Business.objects.filter(name__startswith="Batik Jonegoroan").exists()
    for owner in Owner.objects.exclude(nik="")[:200]:
        info = parse_nik(owner.nik)
        assert info.female == (owner.gender == "P")
    nibs = list(Permit.objects.filter(kind="nib").values_list("number", flat=True))
    assert len(nibs) == len(set(nibs)) and all(len(n) == 13 and n.isdigit() for n in nibs)
    assert not Business.objects.exclude(village__district=models_F("district")).exists()


def models_F(name):
    from django.db.models import F

    return F(name)


def test_demo_users_sign_in_with_the_documented_password(demo):
    for username in ["admin", "staf", "operator.dander", "pemilik", "mitra", "pembeli"]:
        assert authenticate(username=username, password="sentra-demo") is not None, username
    operator = User.objects.get(username="operator.dander")
    assert list(operator.districts.values_list("name", flat=True)) == ["Dander"]
    assert Owner.objects.filter(user__username="pemilik").count() == 1


def test_production_refuses_demo(reference_data, settings):
    settings.SENTRA_ENV = "production"
    with pytest.raises(CommandError, match="produksi"):
        call_command("seed_demo")
    assert Business.objects.count() == 0 and not User.objects.filter(username="admin").exists()


def test_refuses_to_mix_with_real_data(reference_data, make_business):
    make_business(name="Usaha Nyata")
    with pytest.raises(CommandError, match="data nyata"):
        call_command("seed_demo")
    assert Business.objects.count() == 1


def test_seed_demo_if_empty_skips_a_filled_registry(reference_data, make_business, capsys):
    make_business(name="Usaha Nyata")
    call_command("seed_demo_if_empty")
    assert "dilewati" in capsys.readouterr().out
    assert Business.objects.count() == 1
