"""Uniform orders (pasar): ordering offices, order rounds, needs, producers, the fair split, delivery, payment."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sentra.registry.models import Business


class Technique(models.TextChoices):
    TULIS = "tulis", _("Tulis")
    CAP = "cap", _("Cap")
    KOMBINASI = "kombinasi", _("Kombinasi")


DEFAULT_SIZES = ["S", "M", "L", "XL", "XXL", "XXXL", "Ukur badan"]


class Office(models.Model):
    """An ordering office (instansi pemesan): OPD, school or desa government. Its users have the buyer role."""

    class Kind(models.TextChoices):
        OPD = "opd", _("Perangkat daerah (OPD)")
        SCHOOL = "school", _("Sekolah")
        VILLAGE = "village", _("Pemerintah desa")
        COMPANY = "company", _("Perusahaan")

    name = models.CharField(_("nama instansi"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.OPD)
    district = models.ForeignKey(
        "regions.District", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("kecamatan")
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="order_offices", verbose_name=_("pengguna (pembeli)")
    )
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi pemesan")
        verbose_name_plural = pgettext_lazy("jamak", "instansi pemesan")

    def __str__(self):
        return self.name


class Round(models.Model):
    """An order round, e.g. "Seragam Obor Sewu 2026 tahap 1"."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        OPEN = "open", _("Pendataan kebutuhan")
        ALLOCATED = "allocated", _("Sudah dibagi")
        CLOSED = "closed", _("Selesai")

    class Payer(models.TextChoices):
        OFFICE = "office", _("Anggaran instansi")
        EMPLOYEE = "employee", _("Dibayar tiap pegawai")

    title = models.CharField(_("nama putaran"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    sizes = models.JSONField(_("ukuran"), default=list)
    declare_opens = models.DateField(_("pendataan dibuka"))
    declare_closes = models.DateField(_("pendataan ditutup"))
    response_deadline = models.DateField(_("batas jawaban produsen"))
    delivery_deadline = models.DateField(_("batas pengiriman"))
    payer = models.CharField(_("yang membayar"), max_length=10, choices=Payer.choices, default=Payer.OFFICE)
    min_batch = models.PositiveIntegerField(
        _("pesanan minimal per produsen (potong)"), default=1, validators=[MinValueValidator(1)]
    )
    boost_pkw = models.DecimalField(
        _("bobot tambahan IKM lulusan PKW"),
        max_digits=4,
        decimal_places=2,
        default=1.2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    boost_first_time = models.DecimalField(
        _("bobot tambahan IKM yang belum pernah dapat pesanan"),
        max_digits=4,
        decimal_places=2,
        default=1.2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    reanswer_days = models.PositiveSmallIntegerField(
        _("hari untuk menjawab bagian yang dialihkan"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Produsen yang menerima potong dari produsen lain (ditolak atau gagal QC) mendapat batas jawaban "
            "sendiri: hari ini ditambah sekian hari."
        ),
    )
    price_note = models.TextField(_("cara harga ditetapkan"), blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    allocated_at = models.DateTimeField(null=True, blank=True, editable=False)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    allocation_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-declare_opens", "title"]
        verbose_name = _("putaran pesanan")
        verbose_name_plural = pgettext_lazy("jamak", "putaran pesanan")

    def __str__(self):
        return self.title


class Garment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="garments")
    name = models.CharField(_("jenis pakaian"), max_length=100)
    unit = models.CharField(_("satuan"), max_length=20, default="potong")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="garment_unique_per_round")]

    def __str__(self):
        return self.name


class Price(models.Model):
    garment = models.ForeignKey(Garment, on_delete=models.CASCADE, related_name="prices")
    technique = models.CharField(_("teknik"), max_length=10, choices=Technique.choices)
    unit_price = models.PositiveBigIntegerField(_("harga satuan (Rp)"))

    class Meta:
        ordering = ["garment", "technique"]
        constraints = [models.UniqueConstraint(fields=["garment", "technique"], name="price_unique")]


class NeedLine(models.Model):
    """One line of an office's needs: garment × technique × size × quantity (optionally one named person)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="needs")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="needs")
    garment = models.ForeignKey(Garment, on_delete=models.PROTECT, related_name="needs")
    technique = models.CharField(_("teknik"), max_length=10, choices=Technique.choices)
    size = models.CharField(_("ukuran"), max_length=20)
    quantity = models.PositiveIntegerField(_("jumlah"))
    person_name = models.CharField(_("nama pegawai"), max_length=150, blank=True)
    unit_price = models.PositiveBigIntegerField(_("harga satuan (Rp)"))
    # When each employee pays (round.payer == employee): what this person has paid.
    paid_amount = models.PositiveBigIntegerField(_("sudah dibayar (Rp)"), default=0)
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)

    class Meta:
        ordering = ["office", "garment", "technique", "size", "person_name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1) & Q(quantity__lte=10000), name="need_quantity_sane")
        ]

    @property
    def amount(self):
        return self.quantity * self.unit_price

    @property
    def owed(self):
        """What this person still has to pay (when each employee pays)."""
        return max(0, self.amount - self.paid_amount)


class RoundProducer(models.Model):
    """A business taking part in a round as producer."""

    class Response(models.TextChoices):
        PENDING = "pending", _("Menunggu jawaban")
        ACCEPTED = "accepted", _("Menerima")
        DECLINED = "declined", _("Menolak")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="producers")
    business = models.ForeignKey(Business, on_delete=models.PROTECT, related_name="order_rounds")
    eligible = models.BooleanField(_("memenuhi syarat"), default=True)
    curated = models.BooleanField(_("lolos kurasi"), default=False)
    name_public = models.BooleanField(_("nama usaha boleh diumumkan"), default=False)
    response = models.CharField(_("jawaban"), max_length=10, choices=Response.choices, default=Response.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)
    # Its own answer deadline, set when it receives pieces moved from another producer (and extendable by
    # staff); empty = the round's deadline.
    response_deadline = models.DateField(_("batas jawaban produsen ini"), null=True, blank=True)
    decline_reason = models.CharField(_("alasan menolak"), max_length=200, blank=True)
    started_on = models.DateField(_("mulai produksi"), null=True, blank=True)
    percent_done = models.PositiveSmallIntegerField(
        _("persen selesai"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["round", "business__name", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "business"], name="producer_once_per_round")]

    def __str__(self):
        return self.business.name

    @property
    def answer_deadline(self):
        return self.response_deadline or self.round.response_deadline


class Capacity(models.Model):
    producer = models.ForeignKey(RoundProducer, on_delete=models.CASCADE, related_name="capacities")
    garment = models.ForeignKey(Garment, on_delete=models.CASCADE, related_name="capacities")
    pieces = models.PositiveIntegerField(_("kapasitas (potong)"), validators=[MaxValueValidator(100000)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["producer", "garment"], name="capacity_unique")]


class Allocation(models.Model):
    """Pieces of one garment type given to one producer, with what explains the number."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="allocations")
    producer = models.ForeignKey(RoundProducer, on_delete=models.CASCADE, related_name="allocations")
    garment = models.ForeignKey(Garment, on_delete=models.CASCADE, related_name="allocations")
    pieces = models.PositiveIntegerField(_("jumlah dibagi"))
    capacity = models.PositiveIntegerField(_("kapasitas"))
    weight = models.DecimalField(_("bobot"), max_digits=14, decimal_places=4)
    divisor = models.DecimalField(_("pembagi"), max_digits=18, decimal_places=6, null=True)
    boosts = models.CharField(_("tambahan bobot"), max_length=100, blank=True)

    class Meta:
        ordering = ["garment", "producer__business__name", "id"]
        constraints = [models.UniqueConstraint(fields=["producer", "garment"], name="allocation_unique")]


class Assignment(models.Model):
    """Which producer makes which of an office's pieces (garment × technique × size)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="assignments")
    producer = models.ForeignKey(RoundProducer, on_delete=models.CASCADE, related_name="assignments")
    garment = models.ForeignKey(Garment, on_delete=models.CASCADE, related_name="assignments")
    technique = models.CharField(max_length=10, choices=Technique.choices)
    size = models.CharField(max_length=20)
    pieces = models.PositiveIntegerField()
    unit_price = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["office", "producer", "garment", "technique", "size"]
        indexes = [models.Index(fields=["round", "producer"]), models.Index(fields=["round", "office"])]


class Delivery(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="deliveries")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="deliveries")
    producer = models.ForeignKey(RoundProducer, on_delete=models.CASCADE, related_name="deliveries")
    delivered_on = models.DateField(_("tanggal kirim"))
    pieces = models.PositiveIntegerField(_("jumlah dikirim"))
    accepted = models.PositiveIntegerField(_("diterima"))
    rejected = models.PositiveIntegerField(_("ditolak"), default=0)
    reject_reason = models.CharField(_("alasan ditolak"), max_length=200, blank=True)
    # Of the rejected pieces, how many staff moved to other producers; the rest are remade by this producer.
    reallocated = models.PositiveIntegerField(_("ditolak dan dialihkan"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["delivered_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(pieces=models.F("accepted") + models.F("rejected")), name="qc_adds_up"),
            models.CheckConstraint(condition=Q(reallocated__lte=models.F("rejected")), name="qc_moved_le_rejected"),
        ]


class Payment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="payments")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="payments")
    producer = models.ForeignKey(RoundProducer, on_delete=models.CASCADE, related_name="payments")
    invoice_number = models.CharField(_("nomor faktur"), max_length=60)
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-paid_on", "id"]
