"""Scalar named figures read by code (metrics/named.py): the registry's figures equal the statistics."""

import pytest

from sentra.metrics import named
from sentra.metrics.figures import regency_statistics


@pytest.mark.django_db
def test_registry_figures_read_the_statistics(make_business):
    make_business(nib="1234567890123")
    make_business()
    stats = regency_statistics()
    assert named.value("total") == stats["total"] == 2
    assert named.value("with_nib") == stats["with_nib"] == 1
    assert named.value("nib_coverage") == stats["nib_coverage"]


def test_unknown_figure_reads_none():
    assert named.value("no_such_figure") is None
    assert not named.is_known("no_such_figure")


def test_registered_figure_can_be_removed():
    named.register("tmp_figure", "Sementara", "jumlah", "uji", lambda: 7)
    assert named.value("tmp_figure") == 7 and ("tmp_figure", "Sementara (tmp_figure)") in named.choices()
    named.unregister("tmp_figure")
    assert named.value("tmp_figure") is None


def test_apps_register_their_figures_at_start():
    codes = {f.code for f in named.all_figures()}
    assert {"total", "with_nib", "ikm_trained", "published_products", "with_halal"} <= codes
    assert all(f.public for f in named.all_figures(public=True))
