import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from sentra.metrics.figures import regency_statistics
from sentra.metrics.models import Snapshot
from sentra.metrics.services import snapshot_take
from sentra.registry.services import business_delete, business_save


def test_snapshot_keeps_its_figures_after_later_edits(make_business):
    a = make_business(district="Dander", nib="1234567890123")
    make_business(district="Kapas")
    snap = snapshot_take(taken_on=dt.date(2025, 10, 31))
    business_save(actor=None, business=a, business_data={"status": "closed"})
    make_business(district="Balen", sector="craft")
    then = regency_statistics(cells=snap.cells)
    now = regency_statistics()
    assert (then["total"], then["with_nib"], then["districts"]) == (2, 1, 2)
    assert (now["total"], now["with_nib"], now["districts"]) == (2, 0, 2)
    assert Snapshot.objects.get().taken_on == dt.date(2025, 10, 31)


def test_snapshot_of_the_same_day_is_replaced_not_duplicated(make_business):
    make_business()
    snapshot_take(taken_on=dt.date(2025, 11, 30))
    b = make_business()
    snapshot_take(taken_on=dt.date(2025, 11, 30))
    assert Snapshot.objects.count() == 1
    assert regency_statistics(cells=Snapshot.objects.get().cells)["total"] == 2
    business_delete(actor=None, business=b)
    assert regency_statistics()["total"] == 1


def test_snapshot_command_and_bad_date(make_business, capsys):
    make_business()
    call_command("snapshot_figures", tanggal="2025-10-31")
    assert "per 2025-10-31: 1 IKM" in capsys.readouterr().out
    with pytest.raises(CommandError, match="tidak valid"):
        call_command("snapshot_figures", tanggal="31/10/2025")
    assert Snapshot.objects.count() == 1
