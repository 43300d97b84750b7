"""The tally's measures, declared once.

A measure is one counted column of metrics_tally: what one business adds to its cell. From this list come
the Tally model's columns, the trigger statements (triggers.py), the rebuild and the grouped read of a bulk
load (triggers.rebuild_sql, grouped_businesses_sql), the reference count from the base tables
(cells.base_cells) and the Cell tuple the figures read by name (cells.Cell).

Adding a measure: one line in MEASURE_LIST, a migration (makemigrations: the column), and the figure that
reads it (figures.compute). Installed triggers are re-created when their SQL changes (triggers.checksum).
"""

from dataclasses import dataclass, field

from django.db.models import Q


@dataclass(frozen=True)
class Measure:
    column: str  # the Tally column, and the Cell attribute figures read
    label: str
    kind: str  # "count" (every business), "permit" (holds a permit of `arg`), "sum" (of field `arg`), "where"
    arg: str = ""
    sql: str = ""  # "where": condition on the business row, "{b}" standing for its alias (NEW, OLD, b)
    q: Q = field(default_factory=Q)  # "where": the same condition for the ORM
    reads: tuple = ()  # business columns the measure reads: a change of one moves the business in the tallies
    db_default: int | None = None  # a database default, for a column added to tables that already hold rows

    def row_sql(self, ref: str) -> str:
        """What the business row `ref` (NEW/OLD) adds, in a trigger."""
        if self.kind == "count":
            return "1"
        if self.kind == "permit":
            return (
                f"CASE WHEN EXISTS (SELECT 1 FROM registry_permit p WHERE p.business_id = {ref}.id "
                f"AND p.kind = '{self.arg}') THEN 1 ELSE 0 END"
            )
        if self.kind == "sum":
            return f"{ref}.{self.arg}"
        return f"CASE WHEN {self.sql.format(b=ref)} THEN 1 ELSE 0 END"

    def grouped_sql(self) -> str:
        """The measure over a GROUP BY of businesses `b`, left-joined to `f`, their permit kinds (0/1 per
        permit column, see triggers._district_cells_sql)."""
        if self.kind == "count":
            return "COUNT(*)"
        if self.kind == "permit":
            return f"SUM(COALESCE(f.{self.column}, 0))"
        if self.kind == "sum":
            return f"SUM(b.{self.arg})"
        return f"SUM(CASE WHEN {self.sql.format(b='b')} THEN 1 ELSE 0 END)"

    @property
    def watched(self) -> tuple:
        return (self.arg,) if self.kind == "sum" else self.reads


def _permit(column: str, label: str, kind: str) -> Measure:
    return Measure(column, label, "permit", kind)


MEASURE_LIST = [
    Measure("n", "IKM", "count"),
    _permit("n_nib", "IKM ber-NIB", "nib"),
    _permit("n_pirt", "IKM ber-SPP-IRT", "pirt"),
    _permit("n_halal", "IKM bersertifikat halal", "halal"),
    _permit("n_bpom", "IKM ber-BPOM MD", "bpom_md"),
    _permit("n_hki", "IKM ber-HKI/merek", "hki"),
    _permit("n_sni", "IKM ber-SNI", "sni"),
    Measure("workers_male", "tenaga kerja laki-laki", "sum", "workers_male"),
    Measure("workers_female", "tenaga kerja perempuan", "sum", "workers_female"),
    Measure("workers_unknown", "tenaga kerja tidak dirinci", "sum", "workers_unknown", db_default=0),
    # the producers a uniform order can be split over (orders.allocation) state their monthly capacity
    Measure(
        "n_capacity",
        "IKM dengan kapasitas produksi tercatat",
        "where",
        sql="{b}.monthly_capacity > 0",
        q=Q(monthly_capacity__gt=0),
        reads=("monthly_capacity",),
    ),
]
MEASURES_BY_COLUMN = {m.column: m for m in MEASURE_LIST}
MEASURES = [m.column for m in MEASURE_LIST]
# Permit kinds counted as a measure, and their Tally column.
PERMIT_COLUMNS = {m.arg: m.column for m in MEASURE_LIST if m.kind == "permit"}
# The cell: what a tally row is grouped by besides its area.
DIMENSIONS = ["sector_id", "scale", "market_reach", "status"]
