"""An import follows the same rules as the forms: nothing cut short, years and dates in range, an undivided
worker total stored as "not split" (never as men), and the figures count it once."""

import pytest

from sentra.imports.services import run_import
from sentra.imports.tests.helpers import HEADER, row, write_csv
from sentra.metrics.figures import regency_statistics
from sentra.registry.forms import BusinessForm
from sentra.registry.models import Business

pytestmark = pytest.mark.django_db


def test_long_name_is_a_row_error_not_truncated(reference_data, tmp_path):
    long_name = "Keripik " + "x" * 10_006
    result = run_import(path=write_csv(tmp_path / "a.csv", [HEADER, row(1, long_name), row(2, "Sari Rasa")]))
    messages = [e["message"] for e in result.errors]
    assert any("terlalu panjang: 10014 karakter, paling banyak 200" in m for m in messages)
    assert not Business.objects.filter(name__startswith="Keripik").exists()


def test_year_and_registration_date_ranges(reference_data, tmp_path):
    header = HEADER + ["Tahun Berdiri", "Tanggal Terdaftar"]
    rows = [header, row(1, "Satu") + ["2999", "01/01/2020"], row(2, "Dua") + ["2015", "01/01/2099"]]
    result = run_import(path=write_csv(tmp_path / "a.csv", rows), dry_run=True)
    messages = " | ".join(e["message"] for e in result.errors)
    assert "Tahun berdiri 2999 di luar rentang" in messages
    assert "Tanggal terdaftar 1 Januari 2099 di luar rentang" in messages


def test_form_uses_the_same_rules(reference_data):
    form = BusinessForm(data={"name": "x" * 201, "founded_year": 2999, "registered_on": "2099-01-01"})
    form.is_valid()
    assert "Tahun berdiri 2999 di luar rentang" in " ".join(form.errors["founded_year"])
    assert "Tanggal terdaftar" in " ".join(form.errors["registered_on"])
    assert form.errors["name"]


def test_undivided_worker_total_is_not_counted_as_men(reference_data, tmp_path):
    header = HEADER + ["Jml TK"]
    rows = [header, row(1, "Satu") + ["275"], row(2, "Dua") + ["5"]]
    run_import(path=write_csv(tmp_path / "a.csv", rows))
    one = Business.objects.get(name="Satu")
    assert (one.workers_male, one.workers_female, one.workers_unknown, one.workers_total) == (0, 0, 275, 275)
    stats = regency_statistics("35.22")
    assert stats["workers"] == {"male": 0, "female": 0, "unknown": 280, "total": 280}
