"""Engagement: the SKM satisfaction survey (PermenPAN-RB 14/2017), quick reaction polls, and owners' ideas.

Scores are stored one column per element (u1..u9) so a period's report is nine database averages, not a
loop over answers (bench/voice_bench.py)."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.engagement.skm import ELEMENTS
from sentra.registry.models import Business

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]
ELEMENT_FIELDS = [code.lower() for code, _label in ELEMENTS]


def _token():
    return secrets.token_urlsafe(9)


class Service(models.Model):
    """A service unit the survey covers (seeded by a data migration)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama layanan"), max_length=120)
    population = models.PositiveIntegerField(
        _("penerima layanan per tahun"),
        null=True,
        blank=True,
        help_text=_("Untuk menghitung jumlah sampel minimal (tabel Krejcie dan Morgan)."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")

    def __str__(self):
        return self.name


class SurveyPeriod(models.Model):
    class Kind(models.TextChoices):
        SEMESTER = "semester", _("Semester")
        YEAR = "year", _("Tahunan")

    name = models.CharField(_("nama periode"), max_length=120)
    kind = models.CharField(_("jenis periode"), max_length=10, choices=Kind.choices, default=Kind.SEMESTER)
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(
        _("semester"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    closed = models.BooleanField(_("ditutup"), default=False, help_text=_("Tutup lebih awal dari tanggal selesai."))
    services = models.ManyToManyField(Service, related_name="periods", verbose_name=_("layanan yang disurvei"))
    weight_0111 = models.BooleanField(
        _("bobot 0,111"),
        default=False,
        help_text=_("Hitung dengan bobot 0,111 seperti laporan lama (bawaan: tepat 1/9)."),
    )
    published = models.BooleanField(_("terbitkan hasil"), default=True)
    token = models.CharField(max_length=20, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("periode survei")
        verbose_name_plural = _("periode survei")

    def __str__(self):
        return self.name

    @property
    def weight(self):
        return 0.111 if self.weight_0111 else None

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return not self.closed and self.starts_on <= today <= self.ends_on


class SurveyResponse(models.Model):
    class AgeBand(models.TextChoices):
        UNDER_20 = "lt20", _("di bawah 20 tahun")
        A20 = "20-29", _("20–29 tahun")
        A30 = "30-39", _("30–39 tahun")
        A40 = "40-49", _("40–49 tahun")
        A50 = "50+", _("50 tahun ke atas")

    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Education(models.TextChoices):
        SD = "sd", _("SD atau sederajat")
        SMP = "smp", _("SMP atau sederajat")
        SMA = "sma", _("SMA/SMK atau sederajat")
        D3 = "d3", _("Diploma (D1–D3)")
        S1 = "s1", _("S1/D4")
        S2 = "s2", _("S2 ke atas")

    class Occupation(models.TextChoices):
        BUSINESS = "usaha", _("Pelaku usaha/wiraswasta")
        EMPLOYEE = "swasta", _("Karyawan swasta")
        CIVIL = "asn", _("PNS/ASN/TNI/Polri")
        STUDENT = "pelajar", _("Pelajar/mahasiswa")
        OTHER = "lainnya", _("Lainnya")

    period = models.ForeignKey(SurveyPeriod, on_delete=models.PROTECT, related_name="responses")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="responses")
    u1 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    u2 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    u3 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    u4 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    u5 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    u6 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    u7 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    u8 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    u9 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    age_band = models.CharField(_("usia"), max_length=6, choices=AgeBand.choices)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    education = models.CharField(_("pendidikan"), max_length=6, choices=Education.choices)
    occupation = models.CharField(_("pekerjaan"), max_length=8, choices=Occupation.choices)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="skm_responses"
    )
    anonymous = models.BooleanField(default=True)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "service", "respondent"],
                condition=Q(respondent__isnull=False),
                name="skm_one_answer_per_owner_period_service",
            ),
            models.CheckConstraint(
                condition=Q(u1__gte=1, u1__lte=4, u2__gte=1, u2__lte=4, u3__gte=1, u3__lte=4)
                & Q(u4__gte=1, u4__lte=4, u5__gte=1, u5__lte=4, u6__gte=1, u6__lte=4)
                & Q(u7__gte=1, u7__lte=4, u8__gte=1, u8__lte=4, u9__gte=1, u9__lte=4),
                name="skm_scores_1_to_4",
            ),
        ]
        indexes = [models.Index(fields=["period", "service"])]

    def scores(self) -> list[int]:
        return [getattr(self, f) for f in ELEMENT_FIELDS]


class SkmTally(models.Model):
    """Running totals of a period's answers per service, anonymity and respondent profile: the count and
    the sum of each element's scores. survey_submit adds to them in the answer's own transaction, so they
    are exact; reports sum these few rows instead of scanning every answer (bench/voice_bench.py).
    Answers written in bulk (demo data) are followed by selectors.skm_tallies_rebuild(period)."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="tallies")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    anonymous = models.BooleanField()
    age_band = models.CharField(max_length=6)
    sex = models.CharField(max_length=1)
    education = models.CharField(max_length=6)
    occupation = models.CharField(max_length=8)
    n = models.PositiveIntegerField(default=0)
    s1 = models.PositiveIntegerField(default=0)
    s2 = models.PositiveIntegerField(default=0)
    s3 = models.PositiveIntegerField(default=0)
    s4 = models.PositiveIntegerField(default=0)
    s5 = models.PositiveIntegerField(default=0)
    s6 = models.PositiveIntegerField(default=0)
    s7 = models.PositiveIntegerField(default=0)
    s8 = models.PositiveIntegerField(default=0)
    s9 = models.PositiveIntegerField(default=0)

    KEY = ("period", "service", "anonymous", "age_band", "sex", "education", "occupation")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "service", "anonymous", "age_band", "sex", "education", "occupation"],
                name="skm_tally_one_row_per_cell",
            )
        ]


SUM_FIELDS = [f"s{i}" for i in range(1, 10)]


class Poll(models.Model):
    DEFAULT_OPTIONS = ["Sangat Puas", "Puas", "Cukup Puas", "Tidak Puas"]

    question = models.CharField(_("pertanyaan"), max_length=200, default="Bagaimana tanggapan Anda?")
    page_path = models.CharField(
        _("alamat halaman"),
        max_length=300,
        unique=True,
        help_text=_("Jalur halaman publik tempat jajak pendapat tampil, mis. /statistik/"),
    )
    options = models.JSONField(_("pilihan"), default=list)
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["page_path"]
        verbose_name = _("jajak pendapat")
        verbose_name_plural = _("jajak pendapat")

    def __str__(self):
        return f"{self.question} ({self.page_path})"


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.PositiveSmallIntegerField()
    voter = models.CharField(max_length=64)  # the browser's random id from the signed cookie
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "voter"], name="poll_one_vote_per_browser")]
        indexes = [models.Index(fields=["poll", "ip_hash", "created_at"])]


class Idea(models.Model):
    class Category(models.TextChoices):
        TRAINING = "pelatihan", _("Pelatihan")
        MARKETING = "pemasaran", _("Pemasaran")
        CAPITAL = "permodalan", _("Permodalan")
        LEGALITY = "legalitas", _("Legalitas")
        MATERIALS = "bahan_baku", _("Bahan baku")
        EQUIPMENT = "peralatan", _("Peralatan")
        POLICY = "kebijakan", _("Kebijakan")
        OTHER = "lainnya", _("Lainnya")

    class Status(models.TextChoices):
        RECEIVED = "diterima", _("Diterima")
        REVIEW = "ditinjau", _("Ditinjau")
        ACTION = "ditindaklanjuti", _("Ditindaklanjuti")
        DONE = "selesai", _("Selesai")
        REJECTED = "ditolak", _("Ditolak")

    class Source(models.TextChoices):
        OWNER = "owner", _("Pemilik usaha")
        OPERATOR = "operator", _("Operator kecamatan")
        MEETING = "meeting", _("Rapat/pertemuan")
        IMPORT = "import", _("Impor berkas")
        SKM = "skm", _("Saran SKM")

    MAX_TEXT = 2000

    category = models.CharField(_("kategori"), max_length=12, choices=Category.choices)
    text = models.TextField(_("usulan"))
    normalized = models.TextField(editable=False, blank=True)
    photo = models.ImageField(_("foto"), upload_to="aspirasi/%Y/", blank=True)
    business = models.ForeignKey(
        Business, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas", verbose_name=_("IKM")
    )
    district = models.ForeignKey("regions.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices, default=Source.OWNER)
    source_note = models.CharField(_("keterangan sumber"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail untuk kabar"), blank=True)
    publish_consent = models.BooleanField(_("boleh ditampilkan di halaman publik (tanpa nama)"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    reject_reason = models.TextField(_("alasan penolakan"), blank=True)
    response = models.TextField(_("tanggapan"), blank=True)
    group = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="members", verbose_name=_("kelompok")
    )
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    session = models.ForeignKey(
        "programs.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    link_label = models.CharField(_("tindak lanjut lain (mis. kegiatan rencana kerja)"), max_length=200, blank=True)
    link_url = models.CharField(_("tautan tindak lanjut"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # the similar-ideas cache key reads its max

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("aspirasi")
        verbose_name_plural = _("aspirasi")
        indexes = [models.Index(fields=["status", "category"])]

    def __str__(self):
        return f"#{self.pk} {self.get_category_display()}: {self.text[:60]}"
