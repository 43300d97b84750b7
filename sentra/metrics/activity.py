"""Figures of the council's activity beyond the registry: training (pembinaan) and market access (leads).

Each figure is defined once here for the dashboard, by name, with its Indonesian definition; the counting
itself lives with the data (sentra/programs/metrics.py, sentra/catalog/metrics.py)."""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from sentra.metrics.figures import Figure
from sentra.metrics.figures_cache import ACTIVITY, cached_figures

ACTIVITY_FIGURES = [
    Figure(
        "ikm_trained",
        gettext_noop("IKM terlatih"),
        gettext_noop("IKM yang lulus paling sedikit satu kegiatan pembinaan (tahun berjalan)."),
    ),
    Figure(
        "ikm_trained_new_nib",
        gettext_noop("IKM terlatih memperoleh NIB"),
        gettext_noop("IKM terlatih yang NIB-nya terbit setelah kegiatan selesai (terdeteksi dari data izin)."),
    ),
    Figure(
        "ikm_trained_new_halal",
        gettext_noop("IKM terlatih memperoleh halal"),
        gettext_noop("Sertifikat halal terbit setelah kegiatan."),
    ),
    Figure(
        "new_entrepreneurs",
        gettext_noop("Wirausaha baru PKW"),
        gettext_noop("Peserta PKW yang memulai usaha dan masuk registri."),
    ),
    Figure(
        "leads_total",
        gettext_noop("Permintaan pembeli"),
        gettext_noop("Pertanyaan pembeli dari katalog (semua status)."),
    ),
    Figure(
        "leads_deal",
        gettext_noop("Permintaan menjadi transaksi"),
        gettext_noop("Pertanyaan pembeli yang berstatus transaksi (deal)."),
    ),
    Figure(
        "published_products",
        gettext_noop("Produk di katalog"),
        gettext_noop("Produk terbit milik IKM aktif, tampil di katalog publik."),
    ),
]
# Shown on the public /statistik/ page too: counts of the council's work, none describing one business.
PUBLIC_ACTIVITY = {
    "ikm_trained",
    "ikm_trained_new_nib",
    "ikm_trained_new_halal",
    "new_entrepreneurs",
    "published_products",
}
TOP_LEADS = 10  # rows of the "leads per product / per IKM" tables


@dataclass(frozen=True)
class ActivityValue:
    figure: Figure
    value: int


def activity_figures(year: int | None = None, *, public: bool = False) -> list[ActivityValue]:
    """The activity figures of `year`; with public=True only those published on /statistik/.

    The values are cached under the registry and activity versions: the tables they are counted from are
    watched by the version triggers (metrics/triggers.py, VERSION_TABLES) — a figure that starts to read
    another table must add it there."""
    values = cached_figures(("activity", year), lambda: _activity_values(year), rows=ACTIVITY)
    return [
        ActivityValue(f, values.get(f.name, 0)) for f in ACTIVITY_FIGURES if not public or f.name in PUBLIC_ACTIVITY
    ]


def _activity_values(year: int | None) -> dict[str, int]:
    from sentra.catalog.metrics import lead_totals
    from sentra.programs import metrics as programs
    from sentra.registry.models import Permit

    # The programs figures the dashboard shows (program_figures also counts PIRT, which it does not).
    values = {
        "ikm_trained": programs.ikm_trained(year),
        "ikm_trained_new_nib": programs.ikm_trained_with_new_permit(Permit.Kind.NIB, year),
        "ikm_trained_new_halal": programs.ikm_trained_with_new_permit(Permit.Kind.HALAL, year),
        "new_entrepreneurs": programs.new_entrepreneurs(),
    }
    leads = lead_totals()
    values.update(
        leads_total=leads["total"], leads_deal=leads.get("deal", 0), published_products=leads["published_products"]
    )
    return values


def top_leads(limit: int = TOP_LEADS, districts: tuple[str, ...] | None = None) -> dict:
    """Buyer leads per product and per IKM (the most asked about first), each with its count per status;
    of the businesses in `districts` (kecamatan codes) when given, as an operator sees them.
    Aggregates of the catalog's own figures (sentra/catalog/metrics.py): no buyer's name or e-mail."""
    from sentra.catalog.metrics import leads_by_business, leads_by_product

    return {
        "products": leads_by_product(districts=districts)[:limit],
        "businesses": leads_by_business(districts=districts)[:limit],
    }
