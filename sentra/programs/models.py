"""Programs of capacity building (pembinaan): sessions, participants, attendance, certificates, outcomes."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sentra.registry.models import Business
from sentra.registry.pii import EncryptedTextField


class ProgramType(models.Model):
    """Configurable by admins; seeded by a data migration."""

    code = models.SlugField(_("kode"), max_length=40, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    name_en = models.CharField(_("nama (Inggris)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("jenis program")
        verbose_name_plural = pgettext_lazy("jamak", "jenis program")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        """The English name on English pages (when one is stored), else the Indonesian."""
        from django.utils.translation import get_language

        return self.name_en if self.name_en and (get_language() or "").startswith("en") else self.name


class Program(models.Model):
    class Funding(models.TextChoices):
        APBD = "apbd", _("APBD")
        APBN = "apbn", _("APBN")
        CSR = "csr", _("CSR")
        OTHER = "other", _("Lainnya")

    PKW = "pkw"

    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("judul program"), max_length=200)
    program_type = models.ForeignKey(ProgramType, on_delete=models.PROTECT, verbose_name=_("jenis program"))
    description = models.TextField(_("deskripsi"), blank=True)
    organiser = models.CharField(_("penyelenggara"), max_length=200)
    partners = models.ManyToManyField("partners.PartnerOrganisation", blank=True, verbose_name=_("organisasi mitra"))
    funding_source = models.CharField(_("sumber dana"), max_length=6, choices=Funding.choices)
    budget = models.BigIntegerField(_("anggaran (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)])
    target_participants = models.PositiveIntegerField(_("target peserta"), null=True, blank=True)
    intended_outcomes = models.TextField(_("hasil yang diharapkan"), blank=True)
    # Completion rule: a participant completes when present on at least this share of the session days.
    min_attendance_pct = models.PositiveSmallIntegerField(
        _("kehadiran minimal untuk lulus (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    followup_months = models.JSONField(
        _("tindak lanjut (bulan setelah kegiatan)"), default=list, blank=True, help_text=_("mis. 3, 6")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("program")
        verbose_name_plural = pgettext_lazy("jamak", "program")

    def __str__(self):
        return f"{self.title} ({self.year})"

    @property
    def is_pkw(self) -> bool:
        return self.program_type_id == self.PKW


class Session(models.Model):
    """A kegiatan: one run of a program on one or more consecutive days."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        OPEN = "open", _("Pendaftaran dibuka")
        CLOSED = "closed", _("Pendaftaran ditutup")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("program"))
    title = models.CharField(_("nama kegiatan"), max_length=200)
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    venue = models.CharField(_("tempat"), max_length=200)
    district = models.ForeignKey(
        "regions.District", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("kecamatan")
    )
    quota = models.PositiveIntegerField(_("kuota peserta"), validators=[MinValueValidator(1)])
    trainers = models.CharField(_("narasumber/pelatih"), max_length=300, blank=True)
    trainer_organisations = models.ManyToManyField(
        "partners.PartnerOrganisation", blank=True, verbose_name=_("organisasi narasumber")
    )
    eligible_sectors = models.ManyToManyField("registry.Sector", blank=True, verbose_name=_("sektor yang boleh ikut"))
    eligible_districts = models.ManyToManyField(
        "regions.District", blank=True, related_name="+", verbose_name=_("kecamatan yang boleh ikut")
    )
    eligible_scales = models.JSONField(_("skala yang boleh ikut"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="session_ends_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d-%m-%Y})"

    @property
    def days(self) -> list[dt.date]:
        n = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + dt.timedelta(days=i) for i in range(max(n, 0))]

    @property
    def open_for_signup(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_finished(self) -> bool:
        """Done or cancelled: nothing more to enrol, cancel, wait for or remind."""
        return self.status in {self.Status.DONE, self.Status.CANCELLED}

    @property
    def has_ended(self) -> bool:
        """Its last day is past (whatever its status)."""
        return self.ends_on < timezone.localdate()


class PartnerJoin(models.Model):
    """A partner organisation's confirmed part in a session (mentors, trainers or observers it sends)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="partner_joins")
    organisation = models.ForeignKey("partners.PartnerOrganisation", on_delete=models.CASCADE, related_name="joins")
    people = models.PositiveSmallIntegerField(
        _("jumlah orang"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    note = models.CharField(_("peran / catatan"), max_length=200, blank=True)
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session__starts_on", "organisation__name"]
        verbose_name = _("keikutsertaan mitra")
        verbose_name_plural = _("keikutsertaan mitra")
        constraints = [models.UniqueConstraint(fields=["session", "organisation"], name="one_join_per_organisation")]

    def __str__(self):
        return f"{self.organisation} · {self.session}"


class Prospect(models.Model):
    """A PKW participant who has no business yet (calon wirausaha). Personal data: NIK, phone, address."""

    cohort = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="prospects", verbose_name=_("angkatan"))
    name = models.CharField(_("nama"), max_length=150)
    nik = EncryptedTextField(_("NIK"), blank=True)  # encrypted at rest like the owner's (registry/pii.py)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    phone = models.CharField(_("telepon/WA"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    district = models.ForeignKey("regions.District", on_delete=models.PROTECT, verbose_name=_("kecamatan"))
    # Set when the prospect starts a business: it enters the registry linked to this cohort.
    business = models.OneToOneField(
        Business, null=True, blank=True, on_delete=models.SET_NULL, related_name="pkw_prospect"
    )
    converted_on = models.DateField(_("mulai usaha"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("calon wirausaha")
        verbose_name_plural = _("calon wirausaha")

    def __str__(self):
        return self.name


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Terdaftar")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        CANCELLED = "cancelled", pgettext_lazy("enrollment status", "Batal")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrollments")
    business = models.ForeignKey(Business, null=True, blank=True, on_delete=models.CASCADE, related_name="enrollments")
    prospect = models.ForeignKey(Prospect, null=True, blank=True, on_delete=models.CASCADE, related_name="enrollments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    completed = models.BooleanField(_("lulus"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        constraints = [
            models.CheckConstraint(
                condition=Q(business__isnull=False, prospect__isnull=True)
                | Q(business__isnull=True, prospect__isnull=False),
                name="enrollment_business_xor_prospect",
            ),
            models.UniqueConstraint(
                fields=["session", "business"],
                condition=~Q(status="cancelled") & Q(business__isnull=False),
                name="enrollment_one_active_per_business",
            ),
            models.UniqueConstraint(
                fields=["session", "prospect"],
                condition=~Q(status="cancelled") & Q(prospect__isnull=False),
                name="enrollment_one_active_per_prospect",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return f"{self.participant_name} — {self.session}"

    @property
    def participant_name(self) -> str:
        if self.business_id:
            return f"{self.business.owner.name} ({self.business.name})"
        return self.prospect.name

    @property
    def standing(self) -> str:
        """Where this participant stands, as an owner reads it: a finished session says finished."""
        if self.session.status == Session.Status.CANCELLED:
            return str(_("Kegiatan dibatalkan"))
        if self.session.status == Session.Status.DONE:
            if self.status == self.Status.ENROLLED:
                return str(_("Selesai · lulus") if self.completed else _("Selesai · tidak lulus"))
            return str(_("Selesai"))
        if self.session.has_ended:
            return str(_("Sudah berlangsung · menunggu penetapan kelulusan"))
        return self.get_status_display()

    @property
    def contact(self):
        """(name, phone, email) of the person to remind."""
        if self.business_id:
            owner = self.business.owner
            return owner.name, owner.phone or self.business.phone, owner.email
        return self.prospect.name, self.prospect.phone, self.prospect.email


class Attendance(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("tanggal"))
    present = models.BooleanField(_("hadir"), default=False)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [models.UniqueConstraint(fields=["enrollment", "day"], name="attendance_one_per_day")]


class Certificate(models.Model):
    """Number: SERT/<year>/<serial, 5 digits>/<check code>. The check code is an HMAC of the rest,
    so a guessed or altered number is refused before any lookup."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="certificate")
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    number = models.CharField(_("nomor sertifikat"), max_length=40, unique=True)
    # What the verification page shows, frozen at issue.
    holder_name = models.CharField(_("nama"), max_length=150)
    program_title = models.CharField(_("program"), max_length=200)
    session_date = models.DateField(_("tanggal kegiatan"))
    issued_on = models.DateField(_("tanggal terbit"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["year", "serial"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [models.UniqueConstraint(fields=["year", "serial"], name="certificate_serial_per_year")]

    def __str__(self):
        return self.number


class FollowUp(models.Model):
    """What a participant reports (or staff record) some months after the session. Permits (NIB, halal,
    PIRT) are not asked: they are detected from the registry."""

    class Source(models.TextChoices):
        STAFF = "staff", _("Staf")
        OWNER = "owner", _("Pemilik")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="followups")
    months = models.PositiveSmallIntegerField(_("bulan setelah kegiatan"))
    due_on = models.DateField(_("jatuh tempo"))
    recorded_on = models.DateField(_("dicatat"), null=True, blank=True)
    reminded_on = models.DateField(_("diingatkan"), null=True, blank=True, editable=False)
    source = models.CharField(_("sumber"), max_length=6, choices=Source.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sells_online = models.BooleanField(_("mulai berjualan daring"), null=True, blank=True)
    new_market_level = models.BooleanField(_("mencapai pasar yang lebih luas"), null=True, blank=True)
    exporting = models.BooleanField(_("mengekspor"), null=True, blank=True)
    new_products = models.PositiveSmallIntegerField(_("jumlah produk baru"), null=True, blank=True)
    revenue_change_pct = models.DecimalField(
        _("perubahan omzet (%)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(10000)],
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        constraints = [models.UniqueConstraint(fields=["enrollment", "months"], name="followup_one_per_interval")]

    @property
    def is_recorded(self) -> bool:
        return self.recorded_on is not None
