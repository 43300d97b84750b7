"""Federation of open figures.

Regency side: the signing key, the published (signed, versioned) datasets and the figures the regency
has withdrawn. Hub side (SENTRA_MODE=hub): the member regencies with their public keys and push keys,
every accepted dataset (history) and every refused one with its reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SigningKey(models.Model):
    """The regency's Ed25519 key (raw bytes, base64). The newest signs; its public half goes to the hub."""

    private_key = models.CharField(max_length=64)
    public_key = models.CharField(_("kunci publik"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kunci tanda tangan")
        verbose_name_plural = _("kunci tanda tangan")

    def __str__(self):
        return self.public_key


class Publication(models.Model):
    version = models.PositiveIntegerField(_("versi"), unique=True)
    as_of = models.DateField(_("per tanggal"))
    period = models.CharField(_("periode"), max_length=7)
    envelope = models.TextField()  # the signed JSON exactly as served
    csv = models.TextField()
    published_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("terbitan data federasi")
        verbose_name_plural = pgettext_lazy("jamak", "terbitan data federasi")

    def __str__(self):
        return f"v{self.version} ({self.as_of:%Y-%m-%d})"


class WithdrawnFigure(models.Model):
    """A figure the regency no longer publishes (left out of the next datasets, shown as withdrawn)."""

    figure = models.CharField(_("angka"), max_length=40, unique=True)
    reason = models.CharField(_("alasan"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["figure"]
        verbose_name = _("angka yang ditarik")
        verbose_name_plural = pgettext_lazy("jamak", "angka yang ditarik")

    def __str__(self):
        return self.figure


class Member(models.Model):
    """Hub: a regency allowed to publish here."""

    regency_code = models.CharField(_("kode wilayah"), max_length=5, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    province_code = models.CharField(_("kode provinsi"), max_length=2, db_index=True)
    public_key = models.CharField(_("kunci publik"), max_length=64)
    push_key_hash = models.CharField(max_length=64, blank=True)  # sha256 of the regency's push key
    source_url = models.URLField(_("URL dataset (tarik)"), max_length=500, blank=True)
    public_url = models.URLField(_("URL halaman statistik"), max_length=500, blank=True)
    latest = models.ForeignKey("Dataset", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    latest_version = models.PositiveIntegerField(default=0)  # of `latest`; 0 before the first dataset
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # part of the hub's cache key (selectors._state)

    class Meta:
        ordering = ["regency_code"]
        verbose_name = _("anggota hub")
        verbose_name_plural = pgettext_lazy("jamak", "anggota hub")

    def __str__(self):
        return f"{self.regency_code} {self.name}"


class Dataset(models.Model):
    """Hub: one accepted dataset of a member (the history: every version is kept)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="datasets")
    version = models.PositiveIntegerField(_("versi"))
    as_of = models.DateField(_("per tanggal"))
    period = models.CharField(_("periode"), max_length=7)
    figures = models.JSONField(default=dict)  # the dataset's figures without the kecamatan tables
    withdrawn = models.JSONField(default=list)  # [{figure, reason}]
    envelope = models.TextField()  # as received (signature included), for audit and re-verification
    channel = models.CharField(_("jalur"), max_length=10)  # push / pull
    received_at = models.DateTimeField(_("diterima"), auto_now_add=True)

    class Meta:
        ordering = ["member_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["member", "version"], name="dataset_one_per_version")]
        verbose_name = _("dataset diterima")
        verbose_name_plural = pgettext_lazy("jamak", "dataset diterima")

    def __str__(self):
        return f"{self.member.regency_code} v{self.version}"


class Rejection(models.Model):
    """Hub: a dataset that was refused, with the reason shown to the regency's admins."""

    class Kind(models.TextChoices):
        MALFORMED = "malformed", _("format salah")
        UNSIGNED = "unsigned", _("tanpa tanda tangan")
        BAD_SIGNATURE = "bad_signature", _("tanda tangan tidak sah")
        OLDER = "older", _("versi lama")
        UNKNOWN_REGENCY = "unknown_regency", _("wilayah tidak dikenal")
        WRONG_KEY = "wrong_key", _("kunci kirim salah")
        UNREACHABLE = "unreachable", _("tidak dapat diambil")

    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="rejections")
    regency_code = models.CharField(_("kode wilayah"), max_length=20, blank=True)
    version = models.PositiveIntegerField(_("versi"), null=True, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("alasan"), max_length=500)
    channel = models.CharField(_("jalur"), max_length=10)
    received_at = models.DateTimeField(_("diterima"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("dataset ditolak")
        verbose_name_plural = pgettext_lazy("jamak", "dataset ditolak")

    def __str__(self):
        return f"{self.regency_code}: {self.reason}"
