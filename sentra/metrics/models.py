"""Roll-up tables behind the figures, kept exact by database triggers (see triggers.py).

`Tally` holds one row per (level, area, sector, scale, market reach, status) with counts; `MonthTally`
counts registrations per month. `Snapshot` freezes the district-level tally of a regency on a date so a
figure can be quoted "per <tanggal>" after later edits. `FiguresVersion` is the key of the figures cache:
database triggers give it a new random token on every write to the tables the figures are counted from.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sentra.metrics.measures import DIMENSIONS, MEASURE_LIST, MEASURES, PERMIT_COLUMNS  # noqa: F401  (declared there)


class Tally(models.Model):
    class Level(models.TextChoices):
        DISTRICT = "d", _("kecamatan")
        REGENCY = "r", _("kabupaten/kota")
        PROVINCE = "p", _("provinsi")

    level = models.CharField(max_length=1, choices=Level.choices)
    area = models.CharField(max_length=13)  # code of the kecamatan / regency / province
    parent = models.CharField(max_length=13, blank=True)  # code of the area one level up
    sector_id = models.CharField(max_length=40)
    scale = models.CharField(max_length=10, blank=True)
    market_reach = models.CharField(max_length=10)
    status = models.CharField(max_length=10)
    # ...and one BigIntegerField per measure (measures.py), added below

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "area", "sector_id", "scale", "market_reach", "status"], name="tally_unique_cell"
            )
        ]
        indexes = [models.Index(fields=["level", "parent"], name="tally_level_parent")]


for _measure in MEASURE_LIST:
    _extra = {} if _measure.db_default is None else {"db_default": _measure.db_default}
    Tally.add_to_class(_measure.column, models.BigIntegerField(default=0, **_extra))


class MonthTally(models.Model):
    class Level(models.TextChoices):
        REGENCY = "r", _("kabupaten/kota")
        NATION = "n", _("nasional")

    level = models.CharField(max_length=1, choices=Level.choices)
    area = models.CharField(max_length=13, blank=True)
    sector_id = models.CharField(max_length=40)
    scale = models.CharField(max_length=10, blank=True)
    market_reach = models.CharField(max_length=10)
    status = models.CharField(max_length=10)
    month = models.CharField(max_length=7)  # YYYY-MM of registered_on
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "area", "sector_id", "scale", "market_reach", "status", "month"],
                name="monthtally_unique_cell",
            )
        ]


class Snapshot(models.Model):
    """The district-level tally of one regency as it stood on `taken_on` (normally a month end)."""

    regency_code = models.CharField(_("kabupaten/kota"), max_length=5)
    taken_on = models.DateField(_("tanggal"))
    cells = models.JSONField(_("sel agregat"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on"]
        verbose_name = _("potret data")
        verbose_name_plural = _("potret data")
        constraints = [models.UniqueConstraint(fields=["regency_code", "taken_on"], name="snapshot_one_per_day")]

    def __str__(self):
        return f"{self.regency_code} per {self.taken_on:%Y-%m-%d}"


class BulkLoad(models.Model):
    """A bulk load in progress (PostgreSQL; `services.tallies_bulk`). Its transaction inserts a row here and
    deletes it again before commit, so no row is ever committed. The row's deferred trigger gives the
    figures version its one new token at commit (`triggers.version_install_sql`). The tally and version
    triggers themselves skip the load's rows through the transaction-local setting
    `triggers.BULKLOAD_SETTING`, not through this table."""

    started_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=60, blank=True)


class FiguresVersion(models.Model):
    """Row 1: a token that changes with every write the registry figures depend on; row 2: the same for the
    activity figures (training, catalog). See triggers.py (version_install_sql): computed figures are cached
    under these tokens and stay exact after any edit.

    The token is random rather than a counter: a transaction that is rolled back after its writes gave the
    row a new token leaves that token unused for ever, so figures it cached can never be served later."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token
