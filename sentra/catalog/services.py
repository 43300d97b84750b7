"""Writes to the catalog. Each function runs in one transaction and records who changed what."""

import hashlib
import hmac
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.catalog import cache as catalog_cache
from sentra.catalog.errors import CatalogError
from sentra.catalog.images import process_upload
from sentra.catalog.models import Lead, ProducerProfile, Product, ProductPhoto
from sentra.catalog.search import build_search_text, vocabulary_add
from sentra.core.audit import diff, record_change, snapshot
from sentra.core.models import ChangeLog

log = logging.getLogger(__name__)

PRODUCT_FIELDS = [
    "business_id",
    "name",
    "name_en",
    "description",
    "description_en",
    "category",
    "price_min",
    "price_max",
    "unit",
    "min_order",
    "monthly_capacity",
    "lead_time_days",
    "shelf_life_days",
]
CURATION_FIELDS = ["is_published", "is_featured", "published_at"]
PROFILE_FIELDS = ["story", "story_en", "show_address"]
LEAD_LIMIT_PER_HOUR = settings.CATALOG_LEADS_PER_IP_PER_HOUR


def _record(instance, *, creating: bool, before: dict, fields: list[str], actor, source: str = "web") -> None:
    """Record a create or an update of `instance` with the change of `fields` since `before`."""
    record_change(
        instance=instance,
        action=ChangeLog.Action.CREATE if creating else ChangeLog.Action.UPDATE,
        actor=actor,
        changes=diff(before, snapshot(instance, fields)),
        source=source,
    )


def product_search_text(product: Product) -> str:
    from sentra.catalog.models import Category

    business = product.business
    from django.utils import translation

    labels = []
    for lang in ("id", "en"):
        with translation.override(lang):
            labels.append(str(Category(product.category).label))
    return build_search_text(
        product.name,
        product.name_en,
        product.description,
        product.description_en,
        " ".join(labels),
        business.name,
        business.district.name if business.district_id else "",
    )


@transaction.atomic
def product_save(*, actor, product: Product | None, data: dict, source: str = "web") -> Product:
    """Create or update a product's own fields (not its curation state)."""
    creating = product is None
    product = product or Product()
    # Read "before" from the database: a ModelForm has already written into the instance.
    before = {} if creating else snapshot(Product.objects.get(pk=product.pk), PRODUCT_FIELDS)
    for name in PRODUCT_FIELDS:
        if name in data:
            setattr(product, name, data[name])
    if product.price_min and product.price_max and product.price_max < product.price_min:
        raise CatalogError(_("Harga tertinggi tidak boleh lebih kecil dari harga terendah."))
    if not product.is_food:
        product.shelf_life_days = None
    product.search_text = product_search_text(product)
    product.save()
    vocabulary_add(product.search_text)
    _record(product, creating=creating, before=before, fields=PRODUCT_FIELDS, actor=actor, source=source)
    transaction.on_commit(catalog_cache.bump)
    return product


CURATION_ACTIONS = {"publish", "unpublish", "feature", "unfeature"}


@transaction.atomic
def product_curate(*, actor, product: Product, action: str) -> Product:
    """Staff curation: publish, unpublish, feature, unfeature."""
    if action not in CURATION_ACTIONS:
        raise CatalogError(_("Tindakan kurasi tidak dikenal."))
    before = snapshot(product, CURATION_FIELDS)
    if action == "publish":
        if product.business.status != product.business.Status.ACTIVE:
            raise CatalogError(_("Produk dari IKM yang tidak aktif tidak dapat ditayangkan."))
        product.is_published = True
        product.published_at = product.published_at or timezone.now()
    elif action == "unpublish":
        product.is_published = False
        product.is_featured = False
    elif action == "feature":
        if not product.is_published:
            raise CatalogError(_("Tayangkan produk dahulu sebelum dijadikan unggulan."))
        product.is_featured = True
    else:
        product.is_featured = False
    product.save(update_fields=[*CURATION_FIELDS, "updated_at"])
    _record(product, creating=False, before=before, fields=CURATION_FIELDS, actor=actor)
    transaction.on_commit(catalog_cache.bump)
    return product


@transaction.atomic
def photo_add(*, actor, product: Product, upload) -> ProductPhoto:
    """Check, clean and resize an upload (see images.py), then attach it to the product."""
    processed = process_upload(upload)  # raises CatalogError with an Indonesian message
    photo = ProductPhoto(product=product, width=processed.width, height=processed.height)
    photo.order = product.photos.count()
    for field, (name, content) in processed.files.items():
        getattr(photo, field).save(name, content, save=False)
    photo.save()
    record_change(
        instance=product,
        action=ChangeLog.Action.UPDATE,
        actor=actor,
        changes={"photos": [photo.order, photo.order + 1]},
    )
    transaction.on_commit(catalog_cache.bump)
    return photo


@transaction.atomic
def photo_delete(*, actor, photo: ProductPhoto) -> None:
    product = photo.product
    for field in ("large_webp", "large_jpeg", "thumb_webp", "thumb_jpeg"):
        f = getattr(photo, field)
        if f:
            f.delete(save=False)
    photo.delete()
    record_change(instance=product, action=ChangeLog.Action.UPDATE, actor=actor, changes={"photos": ["-1", ""]})
    transaction.on_commit(catalog_cache.bump)


@transaction.atomic
def profile_save(*, actor, business, data: dict) -> ProducerProfile:
    profile, created = ProducerProfile.objects.get_or_create(business=business)
    before = {} if created else snapshot(profile, PROFILE_FIELDS)
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    profile.save()
    _record(profile, creating=created, before=before, fields=PROFILE_FIELDS, actor=actor)
    transaction.on_commit(catalog_cache.bump)
    return profile


def ip_hash(ip: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def lead_rate_limited(ip: str, now=None) -> bool:
    now = now or timezone.now()
    recent = Lead.objects.filter(ip_hash=ip_hash(ip), created_at__gte=now - timedelta(hours=1)).count()
    return recent >= LEAD_LIMIT_PER_HOUR


def _notify_lead(lead_id: int) -> None:
    lead = Lead.objects.select_related("business__owner__user", "product").get(pk=lead_id)
    owner = lead.business.owner
    recipients = [owner.email or (owner.user.email if owner.user_id else "")]
    from django.contrib.auth import get_user_model

    User = get_user_model()
    recipients += list(
        User.objects.filter(role__in=["admin", "staff"], is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    subject = _("Prospek pembeli baru: %(what)s") % {"what": lead.product.name if lead.product else lead.business.name}
    body = _(
        "Ada pertanyaan pembeli baru di katalog Sentra.\n\n"
        "Produk: %(product)s\nIKM: %(business)s\nDari: %(name)s (%(company)s, %(country)s)\n"
        "E-mail: %(email)s\nJumlah: %(quantity)s\n\n%(message)s\n\n"
        "Tindak lanjuti di halaman Kelola Katalog → Prospek."
    ) % {
        "product": lead.product.name if lead.product else "-",
        "business": lead.business.name,
        "name": lead.name,
        "company": lead.company or "-",
        "country": lead.country,
        "email": lead.email,
        "quantity": lead.quantity or "-",
        "message": lead.message,
    }
    try:
        send_mail(subject, body, None, recipients)
    except OSError:
        log.exception("lead %s: notification mail could not be sent", lead_id)


@transaction.atomic
def lead_create(*, product: Product, data: dict, ip: str, language: str = "id") -> Lead:
    """Record a buyer's inquiry. Raises CatalogError (polite, Indonesian/English) when refused."""
    if lead_rate_limited(ip):
        raise CatalogError(
            _(
                "Terima kasih atas minat Anda. Dari alamat ini sudah ada beberapa pertanyaan dalam satu jam terakhir; "
                "mohon coba lagi nanti. Pesan Anda masih tersimpan di formulir."
            )
        )
    lead = Lead.objects.create(
        product=product,
        business=product.business,
        ip_hash=ip_hash(ip),
        language=language,
        **{k: data[k] for k in ("name", "company", "country", "email", "quantity", "message")},
    )
    record_change(instance=lead, action=ChangeLog.Action.CREATE, actor=None, source="katalog")
    transaction.on_commit(lambda: _notify_lead(lead.pk))
    return lead


@transaction.atomic
def lead_set_status(*, actor, lead: Lead, status: str) -> Lead:
    allowed = Lead.TRANSITIONS.get(lead.status, set())
    if status not in allowed:
        raise CatalogError(
            _("Status prospek tidak dapat diubah dari “%(old)s” ke “%(new)s”.")
            % {"old": lead.get_status_display(), "new": dict(Lead.Status.choices).get(status, status)}
        )
    old = lead.status
    lead.status = status
    lead.save(update_fields=["status", "updated_at"])
    record_change(instance=lead, action=ChangeLog.Action.UPDATE, actor=actor, changes={"status": [old, status]})
    return lead
