"""The public product catalog (galeri): products of registered IKM, their photos, producer
profiles and buyers' inquiries (leads).

Certification badges and the export-ready flag are never typed in: they are derived from the
registry's permits (see badges.py)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    # Food & beverage subcategories
    SNACK = "snack", _("Makanan ringan & keripik")
    CAKE = "cake", _("Kue & roti")
    BEVERAGE = "beverage", _("Minuman & jamu")
    COFFEE = "coffee", _("Kopi & teh")
    SEASONING = "seasoning", _("Sambal & bumbu")
    PROCESSED_FOOD = "processed_food", _("Olahan pangan lain")
    # Crafts
    BATIK = "batik", _("Batik")
    WOVEN = "woven", _("Tenun & anyaman")
    WOODCRAFT = "woodcraft", _("Kerajinan kayu")
    FURNITURE = "furniture", _("Mebel")
    BAMBOO = "bamboo", _("Kerajinan bambu")
    LEATHER = "leather", _("Kulit")
    CERAMICS = "ceramics", _("Keramik & gerabah")
    FASHION = "fashion", _("Busana & aksesori")
    OTHER_CRAFT = "other_craft", _("Kerajinan lain")


FOOD_CATEGORIES = {
    Category.SNACK,
    Category.CAKE,
    Category.BEVERAGE,
    Category.COFFEE,
    Category.SEASONING,
    Category.PROCESSED_FOOD,
}


def localized(obj, field: str) -> str:
    """The English text when English is active and it was written, else the Indonesian one."""
    if (get_language() or "id").startswith("en"):
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, field)


class ProductQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: published products of active businesses."""
        from sentra.catalog.rules import public_product_q

        # A correlated EXISTS rather than a join or IN lets SQLite walk the product_public_order
        # index and stop after one page, instead of sorting every product of every active business.
        return self.filter(public_product_q())


class Product(models.Model):
    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="catalog_products", verbose_name=_("IKM")
    )
    name = models.CharField(_("nama produk"), max_length=150)
    name_en = models.CharField(_("nama produk (Inggris)"), max_length=150, blank=True)
    description = models.TextField(_("deskripsi"), blank=True)
    description_en = models.TextField(_("deskripsi (Inggris)"), blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    price_min = models.PositiveBigIntegerField(_("harga terendah (Rp)"), null=True, blank=True)
    price_max = models.PositiveBigIntegerField(_("harga tertinggi (Rp)"), null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=30, default="pcs")
    min_order = models.PositiveIntegerField(_("pesanan minimum"), default=1, validators=[MinValueValidator(1)])
    monthly_capacity = models.PositiveIntegerField(_("kapasitas per bulan"), null=True, blank=True)
    lead_time_days = models.PositiveSmallIntegerField(_("waktu produksi (hari)"), null=True, blank=True)
    shelf_life_days = models.PositiveSmallIntegerField(
        _("masa simpan (hari)"), null=True, blank=True, help_text=_("Untuk produk pangan.")
    )
    is_published = models.BooleanField(_("tayang"), default=False)
    is_featured = models.BooleanField(_("unggulan"), default=False)
    published_at = models.DateTimeField(_("ditayangkan"), null=True, blank=True)
    # Lower-case words of both languages, the business and its kecamatan: what search reads.
    search_text = models.TextField(editable=False, default="")
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["-is_featured", "-published_at", "-id"]
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        indexes = [
            models.Index(fields=["is_published", "category"]),
            models.Index(
                fields=["-is_featured", "-published_at", "-id"],
                name="product_public_order",
                condition=Q(is_published=True),
            ),
            # The public listing filtered by category, in public order (catalog/public_read.py).
            models.Index(
                fields=["category", "-is_featured", "-published_at", "-id"],
                name="product_public_category",
                condition=Q(is_published=True),
            ),
            # The public listing of a few businesses (kecamatan, certification), by category.
            models.Index(
                fields=["business", "category"], name="product_public_business", condition=Q(is_published=True)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_max__gte=models.F("price_min")),
                name="product_price_range_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self, lang: str | None = None) -> str:
        lang = lang or ("en" if (get_language() or "id").startswith("en") else "id")
        name = "catalog:product_en" if lang == "en" else "catalog:product"
        return reverse(name, kwargs={"pk": self.pk, "slug": self.slug_for(lang)})

    @property
    def is_food(self) -> bool:
        return self.category in FOOD_CATEGORIES

    @property
    def title(self) -> str:
        return localized(self, "name")

    @property
    def text(self) -> str:
        return localized(self, "description")

    def slug_for(self, lang: str) -> str:
        title = self.name_en if lang == "en" and self.name_en else self.name
        return slugify(title)[:60] or "produk"

    @property
    def slug(self) -> str:
        return self.slug_for("en" if (get_language() or "id").startswith("en") else "id")

    def cover(self):
        photos = list(self.photos.all())
        return photos[0] if photos else None


def _photo_path(instance, filename):
    return f"catalog/{instance.product_id}/{filename}"


class ProductPhoto(models.Model):
    """One uploaded photo, stored only as re-encoded, resized versions (EXIF stripped)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    large_webp = models.FileField(upload_to=_photo_path, blank=True)
    large_jpeg = models.FileField(upload_to=_photo_path)
    thumb_webp = models.FileField(upload_to=_photo_path, blank=True)
    thumb_jpeg = models.FileField(upload_to=_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("foto produk")
        verbose_name_plural = _("foto produk")


class ProducerProfile(models.Model):
    """What a business shows on its public producer page, beyond the registry."""

    business = models.OneToOneField("registry.Business", on_delete=models.CASCADE, related_name="catalog_profile")
    story = models.TextField(_("cerita usaha"), blank=True)
    story_en = models.TextField(_("cerita usaha (Inggris)"), blank=True)
    show_address = models.BooleanField(
        _("tampilkan alamat usaha di katalog"), default=False, help_text=_("Hanya bila pemilik menyetujui.")
    )

    class Meta:
        verbose_name = _("profil produsen")
        verbose_name_plural = _("profil produsen")

    def __str__(self):
        return str(self.business)


class Lead(models.Model):
    """A buyer's inquiry about a product: new → contacted → deal / lost."""

    class Status(models.TextChoices):
        NEW = "new", _("Baru")
        CONTACTED = "contacted", _("Sudah dihubungi")
        DEAL = "deal", _("Sepakat (deal)")
        LOST = "lost", pgettext_lazy("lead status", "Batal")

    TRANSITIONS = {
        Status.NEW: {Status.CONTACTED, Status.LOST},
        Status.CONTACTED: {Status.DEAL, Status.LOST},
        Status.DEAL: set(),
        Status.LOST: set(),
    }

    product = models.ForeignKey(Product, null=True, on_delete=models.SET_NULL, related_name="leads")
    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="catalog_leads")
    name = models.CharField(_("nama"), max_length=120)
    company = models.CharField(_("perusahaan"), max_length=150, blank=True)
    country = models.CharField(_("negara"), max_length=80)
    email = models.EmailField(_("e-mail"))
    quantity = models.PositiveIntegerField(_("jumlah"), null=True, blank=True)
    message = models.TextField(_("pesan"))
    language = models.CharField(max_length=5, default="id")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    # A keyed hash of the sender's IP address: enough for the rate limit, not an address.
    ip_hash = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("prospek pembeli")
        verbose_name_plural = _("prospek pembeli")
        indexes = [models.Index(fields=["business", "status"])]

    def __str__(self):
        return f"{self.name} — {self.product or self.business}"

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        allowed = self.TRANSITIONS.get(self.status, set())
        return [(code, label) for code, label in self.Status.choices if code in allowed]


class SearchTerm(models.Model):
    """Vocabulary of indexed words; a misspelt query word is corrected against it."""

    word = models.CharField(max_length=60, primary_key=True)

    class Meta:
        verbose_name = _("kata pencarian")
        verbose_name_plural = _("kata pencarian")
