"""The IKM registry: businesses, their owners and permits."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sentra.registry import scale as scale_rules
from sentra.registry.duplicates import name_key
from sentra.registry.pii import EncryptedTextField, NikHashField
from sentra.registry.validators import display_phone, mask_nik, validate_permit_document, whatsapp_link


def private_storage():
    """Permit scans hold personal data: kept outside MEDIA_ROOT, served only through an access check."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


class Sector(models.Model):
    """Industry sector; seeded with food_beverage and craft, extendable by admins."""

    code = models.SlugField(_("kode"), max_length=40, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    name_en = models.CharField(_("nama (Inggris)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("sektor")
        verbose_name_plural = pgettext_lazy("jamak", "sektor")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        """The English name on English pages (when one is stored), else the Indonesian."""
        from django.utils.translation import get_language

        return self.name_en if self.name_en and (get_language() or "").startswith("en") else self.name


class Kbli(models.Model):
    code = models.CharField(_("kode KBLI"), max_length=5)
    version = models.CharField(_("versi"), max_length=4, default="2020")
    title = models.CharField(_("judul"), max_length=255)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="kbli_unique_code_per_version")]
        verbose_name = _("KBLI")
        verbose_name_plural = pgettext_lazy("jamak", "KBLI")

    def __str__(self):
        return f"{self.code} — {self.title} (KBLI {self.version})"


class Owner(models.Model):
    """The person behind a business (pelaku usaha). NIK, phone and address are personal data."""

    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    name = models.CharField(_("nama pemilik"), max_length=150)
    # Encrypted at rest; nik_hash (HMAC) serves exact matches and duplicate checks. See registry/pii.py.
    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_hash = NikHashField(source="nik")
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    phone = models.CharField(_("telepon"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("alamat"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owner_profiles"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("pemilik")
        verbose_name_plural = pgettext_lazy("jamak", "pemilik")

    def __str__(self):
        return self.name

    @property
    def nik_masked(self):
        return mask_nik(self.nik)


class BusinessQuerySet(models.QuerySet):
    def with_nib_flag(self):
        """Annotate has_nib from the permits (the only source of truth)."""
        return self.annotate(has_nib=Exists(Permit.objects.filter(business=OuterRef("pk"), kind=Permit.Kind.NIB)))

    def with_nib(self):
        return self.filter(Exists(Permit.objects.filter(business=OuterRef("pk"), kind=Permit.Kind.NIB)))

    def without_nib(self):
        return self.exclude(Exists(Permit.objects.filter(business=OuterRef("pk"), kind=Permit.Kind.NIB)))

    def active(self):
        return self.filter(status=Business.Status.ACTIVE)


class NameKeyField(models.CharField):
    """duplicates.name_key of a sibling name field, recomputed on every save (bulk_create too: it calls
    pre_save); indexed with the kecamatan (Business.Meta), so an import finds the businesses of a name
    without reading the whole registry.
    Writers that bypass pre_save (fastinsert, bulk_update, QuerySet.update) set it themselves."""

    def __init__(self, *args, source: str = "name", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 200), ("blank", True), ("editable", False)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = name_key(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


class Business(models.Model):
    """An IKM (industri kecil dan menengah)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        INACTIVE = "inactive", _("Tidak aktif")
        CLOSED = "closed", _("Tutup")

    class Scale(models.TextChoices):
        MIKRO = scale_rules.MIKRO, _("Mikro")
        KECIL = scale_rules.KECIL, _("Kecil")
        MENENGAH = scale_rules.MENENGAH, _("Menengah")
        BESAR = scale_rules.BESAR, _("Besar")

    class MarketReach(models.TextChoices):
        LOCAL = "local", _("Lokal (kabupaten)")
        REGIONAL = "regional", _("Regional (provinsi)")
        NATIONAL = "national", _("Nasional")
        EXPORT = "export", _("Ekspor")

    name = models.CharField(_("nama usaha"), max_length=200)
    # the name compared loosely (duplicates.name_key): the import's duplicate checks look names up by it
    # db_default: a row written by raw SQL that leaves it out is stored, without a key (not found by name)
    name_key = NameKeyField(_("kunci nama"), db_default="")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="businesses", verbose_name=_("pemilik"))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="businesses", verbose_name=_("sektor"))
    kbli = models.ForeignKey(Kbli, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("KBLI"))
    products = models.CharField(_("produk utama"), max_length=255, blank=True)
    # no index of its own: the (district, sector) index serves every lookup by kecamatan
    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="businesses",
        verbose_name=_("kecamatan"),
        db_index=False,
    )
    village = models.ForeignKey(
        "regions.Village",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="businesses",
        verbose_name=_("desa/kelurahan"),
    )
    address = models.CharField(_("alamat usaha"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-11), MaxValueValidator(6)],
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(94), MaxValueValidator(142)],
    )
    phone = models.CharField(_("telepon/WA usaha"), max_length=16, blank=True)
    phone_public = models.BooleanField(
        _("nomor boleh tampil publik"), default=False, help_text=_("Hanya bila pemilik menyetujui.")
    )
    founded_year = models.PositiveSmallIntegerField(
        _("tahun berdiri"), null=True, blank=True, validators=[MinValueValidator(1900)]
    )
    workers_male = models.PositiveIntegerField(_("tenaga kerja laki-laki"), default=0)
    workers_female = models.PositiveIntegerField(_("tenaga kerja perempuan"), default=0)
    # A total from a sheet that does not split men and women ("Jml TK"): counted once, as neither.
    workers_unknown = models.PositiveIntegerField(
        _("tenaga kerja (L/P tidak dirinci)"),
        default=0,
        db_default=0,
        help_text=_("Jumlah tenaga kerja yang belum dirinci laki-laki/perempuan."),
    )
    capital = models.BigIntegerField(
        _("modal usaha (Rp, di luar tanah & bangunan)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    annual_sales = models.BigIntegerField(
        _("omzet per tahun (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    # Derived from capital and annual_sales (PP 7/2021) on every save; stored so lists can filter on it.
    scale = models.CharField(_("skala usaha"), max_length=10, choices=Scale.choices, blank=True, editable=False)
    monthly_capacity = models.PositiveIntegerField(_("kapasitas per bulan"), null=True, blank=True)
    capacity_unit = models.CharField(_("satuan kapasitas"), max_length=30, blank=True)
    market_reach = models.CharField(
        _("jangkauan pasar"), max_length=10, choices=MarketReach.choices, default=MarketReach.LOCAL
    )
    export_countries = models.JSONField(
        _("negara tujuan ekspor"), default=list, blank=True, help_text=_("Kode negara ISO, mis. MY, SG, JP")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # When the business entered the council's register (may predate Sentra; imports carry it over).
    registered_on = models.DateField(_("tanggal terdaftar"), default=timezone.localdate)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Optimistic locking: every save through the services bumps it; a form that carries an older value is
    # refused instead of overwriting someone else's change (see services.business_save).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = BusinessQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("IKM")
        verbose_name_plural = _("IKM")
        # Few indexes on purpose: every one is paid on each of an import's 100,000s of inserts. Status, scale
        # and market reach have a handful of values each (an index on them is rarely worth reading); the
        # figures come from metrics' tallies, not from scans of this table.
        indexes = [
            models.Index(fields=["district", "sector"]),
            # the import's duplicate checks: a name in its kecamatan, and a kecamatan's names read from the index
            models.Index(fields=["district", "name_key"], name="business_district_name_key"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(workers_male__gte=0) & Q(workers_female__gte=0), name="business_workers_non_negative"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.scale = scale_rules.scale_for(self.capital, self.annual_sales)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields and "name_key" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "name_key"]
        super().save(*args, **kwargs)

    @property
    def workers_total(self):
        return (self.workers_male or 0) + (self.workers_female or 0) + (self.workers_unknown or 0)

    @property
    def whatsapp_url(self):
        return whatsapp_link(self.phone) if self.phone else ""

    @property
    def phone_display(self):
        return display_phone(self.phone)

    @property
    def nib(self) -> str:
        for permit in self.permits.all():
            if permit.kind == Permit.Kind.NIB:
                return permit.number
        return ""


class Permit(models.Model):
    class Kind(models.TextChoices):
        NIB = "nib", _("NIB")
        PIRT = "pirt", _("SPP-IRT (PIRT)")
        HALAL = "halal", _("Sertifikat halal")
        BPOM = "bpom_md", _("BPOM MD")
        HKI = "hki", _("HKI/Merek")
        SNI = "sni", _("SNI")
        OTHER = "other", _("Lainnya")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="permits")
    kind = models.CharField(_("jenis izin"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("nomor"), max_length=60)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    document = models.FileField(
        _("dokumen (PDF/gambar)"),
        upload_to="izin/%Y/%m/",
        blank=True,
        validators=[validate_permit_document],
        storage=private_storage,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "issued_on"]
        verbose_name = _("izin")
        verbose_name_plural = _("izin")
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(kind="nib"),
                name="permit_nib_unique_number",
                violation_error_message=_("NIB ini sudah terdaftar untuk IKM lain."),
            ),
            models.UniqueConstraint(
                fields=["business"],
                condition=Q(kind="nib"),
                name="permit_one_nib_per_business",
                violation_error_message=_("Satu IKM hanya boleh memiliki satu NIB."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="permit_expiry_after_issue",
                violation_error_message=_("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "business"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"
