"""Region hierarchy keyed by Kemendagri codes: province → regency → kecamatan → desa/kelurahan."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Province(models.Model):
    code = models.CharField(_("kode"), max_length=2, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("provinsi")
        verbose_name_plural = pgettext_lazy("jamak", "provinsi")

    def __str__(self):
        return self.name


class Regency(models.Model):
    code = models.CharField(_("kode"), max_length=5, primary_key=True)  # 35.22
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = pgettext_lazy("jamak", "kabupaten/kota")

    def __str__(self):
        return self.name

    @property
    def short_name(self):
        return self.name.removeprefix("Kabupaten ").removeprefix("Kota ")


class District(models.Model):
    """Kecamatan."""

    code = models.CharField(_("kode"), max_length=8, primary_key=True)  # 35.22.01
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("nama"), max_length=100)
    bps_code = models.CharField(_("kode BPS"), max_length=7, blank=True)
    area_km2 = models.DecimalField(_("luas (km²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    label_lat = models.FloatField(null=True, blank=True)
    label_lon = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = pgettext_lazy("jamak", "kecamatan")

    def __str__(self):
        return self.name


class Village(models.Model):
    """Desa or kelurahan."""

    class Kind(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)  # 35.22.01.2001
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)

    class Meta:
        ordering = ["district_id", "name"]
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = pgettext_lazy("jamak", "desa/kelurahan")

    def __str__(self):
        return self.name


LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 2000


def validate_logo(file) -> None:
    """A logo for certificates: PNG or JPEG (what the PDF embeds), not too large to print."""
    from PIL import Image, UnidentifiedImageError

    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Logo terlalu besar: paling besar 1 MB."))
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(_("Berkas logo bukan gambar PNG atau JPEG yang dapat dibaca.")) from None
    finally:
        file.seek(0)
    if kind not in {"PNG", "JPEG"}:
        raise ValidationError(_("Logo harus berformat PNG atau JPEG."))
    if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
        raise ValidationError(_("Logo terlalu besar: paling besar 2000 × 2000 piksel."))


class Site(models.Model):
    """The installation's own settings, set by `setup_regency` (one row, pk 1). Read through
    sentra.regions.home; without a row the SENTRA_REGENCY_CODE setting applies."""

    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota"))
    council_name = models.CharField(_("nama dewan/kantor"), max_length=200, blank=True)
    # What certificates carry (programs/certificates.py): the council's logo and who signs them.
    council_logo = models.ImageField(
        _("logo dewan/kantor"),
        upload_to="site/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG atau JPEG, paling besar 1 MB dan 2000 × 2000 piksel; tampil pada sertifikat."),
    )
    signatory_name = models.CharField(
        _("nama penanda tangan sertifikat"), max_length=120, blank=True, help_text=_("mis. Hj. Siti Aminah, S.E.")
    )
    signatory_title = models.CharField(
        _("jabatan penanda tangan"),
        max_length=160,
        blank=True,
        help_text=_("mis. Ketua Dekranasda Kabupaten Bojonegoro"),
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pengaturan instalasi")
        verbose_name_plural = _("pengaturan instalasi")

    def __str__(self):
        return f"{self.regency_id} — {self.council_name}"
