"""The yearly work plan (rencana program kegiatan): programmes → activities, and performance indicators
(indikator kinerja) bound to a named figure of the metrics module or entered by hand."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        APPROVED = "approved", _("Disetujui")

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    title = models.CharField(_("judul"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("rencana kerja")
        verbose_name_plural = pgettext_lazy("jamak", "rencana kerja")

    def __str__(self):
        return f"{self.title} ({self.year})"

    @property
    def open_revision(self):
        return self.revisions.filter(closed_at__isnull=True).first()


class PlanRevision(models.Model):
    """A change to an approved plan: opened with a reason, every edit inside it is logged, closed by an admin."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField(_("alasan revisi"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("revisi rencana kerja")
        verbose_name_plural = pgettext_lazy("jamak", "revisi rencana kerja")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_revision_number_per_plan")]

    def __str__(self):
        return f"Revisi {self.number} · {self.plan}"


class Programme(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(_("nama program"), max_length=200)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("program rencana kerja")
        verbose_name_plural = pgettext_lazy("jamak", "program rencana kerja")

    def __str__(self):
        return self.name


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        ONGOING = "ongoing", _("Berjalan")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Batal")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("kegiatan"), max_length=200)
    start_month = models.PositiveSmallIntegerField(_("bulan mulai"), default=1)
    end_month = models.PositiveSmallIntegerField(_("bulan selesai"), default=12)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("penanggung jawab (staf)"),
    )
    responsible_partner = models.ForeignKey(
        "partners.PartnerOrganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("penanggung jawab (mitra)"),
    )
    budget_ceiling = models.BigIntegerField(_("pagu (Rp)"), default=0)
    budget_spent = models.BigIntegerField(_("realisasi anggaran (Rp)"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("program"),
    )
    session = models.ForeignKey(
        "programs.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kegiatan program"),
    )
    # What the activity realises in other modules: real links (string references: planning does not import them).
    order_round = models.ForeignKey(
        "orders.Round",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_activities",
        verbose_name=_("putaran pesanan"),
    )
    idea = models.ForeignKey(
        "engagement.Idea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_activities",
        verbose_name=_("aspirasi"),
    )
    # Anything else, as a note (before the links above existed, rounds and ideas were written here).
    link = models.CharField(_("tautan lain"), max_length=200, blank=True)
    note = models.TextField(_("catatan / kendala"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["programme", "order", "id"]
        verbose_name = _("kegiatan rencana kerja")
        verbose_name_plural = pgettext_lazy("jamak", "kegiatan rencana kerja")

    def __str__(self):
        return self.name

    @property
    def months(self) -> list[int]:
        return list(range(self.start_month, self.end_month + 1))

    @property
    def over_ceiling(self) -> bool:
        return self.budget_spent > self.budget_ceiling


class Indicator(models.Model):
    class Direction(models.TextChoices):
        UP = "naik", _("Naik (makin besar makin baik)")
        DOWN = "turun", _("Turun (makin kecil makin baik)")

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indikator"), max_length=200)
    unit = models.CharField(_("satuan"), max_length=40)
    direction = models.CharField(_("arah"), max_length=5, choices=Direction.choices, default=Direction.UP)
    baseline = models.DecimalField(_("nilai awal (baseline)"), max_digits=18, decimal_places=2, default=0)
    target = models.DecimalField(_("target tahunan"), max_digits=18, decimal_places=2)
    target_q1 = models.DecimalField(_("target triwulan I"), max_digits=18, decimal_places=2, null=True, blank=True)
    target_q2 = models.DecimalField(_("target triwulan II"), max_digits=18, decimal_places=2, null=True, blank=True)
    target_q3 = models.DecimalField(_("target triwulan III"), max_digits=18, decimal_places=2, null=True, blank=True)
    target_q4 = models.DecimalField(_("target triwulan IV"), max_digits=18, decimal_places=2, null=True, blank=True)
    # Bound to a named figure (sentra.metrics.named) by its code, or entered by hand (figure empty).
    figure = models.CharField(_("angka terikat"), max_length=60, blank=True)
    manual_value = models.DecimalField(
        _("realisasi (isian manual)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    evidence = models.TextField(_("bukti realisasi"), blank=True)
    headline = models.BooleanField(_("tampil di statistik publik"), default=False)
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("indikator kinerja")
        verbose_name_plural = pgettext_lazy("jamak", "indikator kinerja")

    def __str__(self):
        return self.name

    def quarter_target(self, quarter: int):
        value = getattr(self, f"target_q{quarter}")
        return self.target if value is None else value


class QuarterNote(models.Model):
    """Per indicator and quarter: the realisation entered by hand (hand-entered indicators) and the obstacles."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="quarter_notes")
    quarter = models.PositiveSmallIntegerField()
    obstacles = models.TextField(_("kendala"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "quarter"], name="one_note_per_quarter")]


class IndicatorSnapshot(models.Model):
    """The value of an indicator at a quarter's end, kept so a later report shows what was true then."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    quarter = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    taken_on = models.DateField()
    source_missing = models.BooleanField(default=False)

    class Meta:
        ordering = ["indicator", "quarter"]
        verbose_name = _("potret triwulan indikator")
        verbose_name_plural = pgettext_lazy("jamak", "potret triwulan indikator")
        constraints = [models.UniqueConstraint(fields=["indicator", "quarter"], name="one_snapshot_per_quarter")]
