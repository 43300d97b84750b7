"""Four-sector collaboration: partner organisations (their sector, member users and contact people), agreements
(MoU/PKS), commitments and their deliveries.

The partner organisation moved here from `sentra.programs` keeping its table (`programs_partnerorganisation`) and
rows; programs' sessions, joins and partner lists refer to it as `partners.PartnerOrganisation`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sentra.registry.models import private_storage

__all__ = ["PartnerOrganisation", "Contact", "Agreement", "Commitment", "Delivery", "Notice"]


class PartnerOrganisation(models.Model):
    class Sector(models.TextChoices):
        # the codes are stored; the labels are the council's names of the sectors
        GOVERNMENT = "government", _("Pemerintah daerah")
        BUSINESS = "business", _("Dunia usaha")
        ACADEMIA = "academia", _("Akademisi")
        COMMUNITY = "community", _("Komunitas kreatif")
        MEDIA = "media", _("Media")

    name = models.CharField(_("nama organisasi"), max_length=200, unique=True)
    sector = models.CharField(_("sektor mitra"), max_length=12, choices=Sector.choices)
    # The partner-role users who act for this organisation: they see and join its programs.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="partner_organisations",
        limit_choices_to={"role": "partner"},
        verbose_name=_("anggota (pengguna mitra)"),
    )

    class Meta:
        db_table = "programs_partnerorganisation"  # kept from when it lived in programs: no data moved
        ordering = ["name"]
        verbose_name = _("organisasi mitra")
        verbose_name_plural = pgettext_lazy("jamak", "organisasi mitra")

    def __str__(self):
        return self.name


# The sectors' labels by code.
SECTOR_LABELS = dict(PartnerOrganisation.Sector.choices)


class Contact(models.Model):
    """A contact person of a partner organisation. Personal data: office staff only."""

    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nama"), max_length=120)
    position = models.CharField(_("jabatan"), max_length=120, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("surel"), blank=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("narahubung mitra")
        verbose_name_plural = pgettext_lazy("jamak", "narahubung mitra")

    def __str__(self):
        return self.name


class Agreement(models.Model):
    class Kind(models.TextChoices):
        MOU = "mou", _("MoU (nota kesepahaman)")
        PKS = "pks", _("PKS (perjanjian kerja sama)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        ACTIVE = "berlaku", _("Berlaku")
        ENDED = "berakhir", _("Berakhir")
        EXTENDED = "diperpanjang", _("Diperpanjang")

    kind = models.CharField(_("jenis"), max_length=3, choices=Kind.choices, default=Kind.MOU)
    number = models.CharField(_("nomor"), max_length=100, unique=True)
    title = models.CharField(_("judul"), max_length=250)
    organisations = models.ManyToManyField(PartnerOrganisation, related_name="agreements", verbose_name=_("mitra"))
    other_parties = models.CharField(
        _("pihak lain"), max_length=250, blank=True, help_text=_("mis. Dekranasda dan Dinas Perindustrian")
    )
    signed_on = models.DateField(_("tanggal tanda tangan"))
    ends_on = models.DateField(_("berlaku sampai"))
    scope = models.TextField(_("ruang lingkup"), blank=True)
    document = models.FileField(
        _("dokumen bertanda tangan"), upload_to="agreements/%Y/", storage=private_storage, blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    reminded_60_on = models.DateField(null=True, blank=True, editable=False)
    reminded_30_on = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ends_on", "number"]
        verbose_name = _("perjanjian kerja sama")
        verbose_name_plural = pgettext_lazy("jamak", "perjanjian kerja sama")

    def __str__(self):
        return f"{self.number} · {self.title}"


class Commitment(models.Model):
    class Kind(models.TextChoices):
        TRAINER_DAYS = "trainer_days", _("Hari narasumber/pelatih")
        CSR_FUNDS = "csr_funds", _("Dana CSR (rupiah)")
        BOOTHS = "booths", _("Stan pameran")
        PRODUCTS = "products_curated", _("Produk dikurasi")
        INTERNS = "interns", _("Peserta magang")
        OTHER = "other", _("Lainnya")

    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.CASCADE, related_name="commitments")
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    kind = models.CharField(_("jenis komitmen"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("uraian"), max_length=250)
    quantity = models.DecimalField(_("jumlah"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("satuan"), max_length=40)
    due_on = models.DateField(_("tenggat"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("komitmen mitra")
        verbose_name_plural = pgettext_lazy("jamak", "komitmen mitra")

    def __str__(self):
        return f"{self.organisation} · {self.description}"


class Delivery(models.Model):
    class Source(models.TextChoices):
        STAFF = "staff", _("dicatat staf")
        PARTNER = "partner", _("dicatat mitra")
        SESSION = "session", _("otomatis dari kegiatan")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="deliveries")
    quantity = models.DecimalField(_("jumlah"), max_digits=16, decimal_places=2)
    delivered_on = models.DateField(_("tanggal"))
    note = models.CharField(_("keterangan"), max_length=250, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF)
    session = models.ForeignKey(
        "programs.Session", null=True, blank=True, on_delete=models.CASCADE, related_name="partner_deliveries"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("penyerahan komitmen")
        verbose_name_plural = pgettext_lazy("jamak", "penyerahan komitmen")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "session"], condition=Q(session__isnull=False), name="one_delivery_per_session"
            )
        ]


class Notice(models.Model):
    """A notice for office staff on the dashboard (e.g. an agreement ending in 30 days)."""

    text = models.CharField(max_length=300)
    url = models.CharField(max_length=200, blank=True)
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    created_at = models.DateTimeField(auto_now_add=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pemberitahuan kemitraan")
        verbose_name_plural = pgettext_lazy("jamak", "pemberitahuan kemitraan")
