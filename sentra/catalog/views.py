"""Public catalog pages (Indonesian and English). Thin: selectors read, services write."""

from functools import wraps

import segno
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_http_methods

from sentra.catalog import badges
from sentra.catalog import cache as catalog_cache
from sentra.catalog.forms import PAGE_SIZE, CatalogFilterForm, InquiryForm
from sentra.catalog.i18n import alternates, catalog_reverse, current
from sentra.catalog.models import Category
from sentra.catalog.selectors import (
    featured_products,
    filter_public,
    get_public_producer,
    get_public_product,
    page_of,
    public_products,
)
from sentra.catalog.services import CatalogError, lead_create
from sentra.registry.validators import whatsapp_link


def cached_public_page(view):
    """Serve anonymous GETs from a short per-process cache (see catalog/cache.py)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = catalog_cache.key(current(), request.get_full_path())
        content = cache.get(key)
        if content is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies:
                return response
            cache.set(key, response.content, catalog_cache.seconds())
        else:
            response = HttpResponse(content)
        response["Cache-Control"] = f"public, max-age={catalog_cache.seconds()}"
        return response

    return wrapped


def _cards(products):
    for p in products:
        p.badge_list = badges.badges_for(p.business)
    return products


@gzip_page
@cached_public_page
def home_view(request):
    products = _cards(featured_products())
    if not products:
        products, _more = page_of(public_products(), 1, 8)
        products = _cards(products)
    return render(
        request,
        "catalog/home.html",
        {"products": products, "categories": Category.choices, "alternates": alternates("home")},
    )


@gzip_page
@cached_public_page
def product_list_view(request):
    form = CatalogFilterForm(request.GET or None)
    filters = form.filters()
    page = form.page_number()
    products, has_next = page_of(filter_public(public_products(), **filters), page, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/product_list.html",
        {
            "form": form,
            "filters": filters,
            "districts": form.fields["district"].queryset,
            "products": _cards(products),
            "page": page,
            "has_next": has_next,
            "query": query.urlencode(),
            "alternates": {
                k: f"{v}?{request.GET.urlencode()}" if request.GET else v for k, v in alternates("list").items()
            },
        },
    )


def _whatsapp(product, request) -> str:
    business = product.business
    if not (business.phone and business.phone_public):
        return ""
    url = request.build_absolute_uri(product.get_absolute_url())
    text = _("Halo %(business)s, saya tertarik dengan produk “%(product)s” di katalog Sentra: %(url)s") % {
        "business": business.name,
        "product": product.title,
        "url": url,
    }
    return whatsapp_link(business.phone, text)


def _product_page(request, product, form, status=200, sent=False):
    return render(
        request,
        "catalog/product_detail.html",
        {
            "product": product,
            "badge_list": badges.badges_for(product.business),
            "criteria": badges.export_criteria(product),
            "export_ready": badges.is_export_ready(product),
            "whatsapp_url": _whatsapp(product, request),
            "form": form,
            "sent": sent,
            "absolute_url": request.build_absolute_uri(product.get_absolute_url()),
            "alternates": {lang: product.get_absolute_url(lang) for lang in ("id", "en")},
        },
        status=status,
    )


@gzip_page
@cached_public_page
def product_detail_view(request, pk, slug):
    product = get_public_product(pk)
    if slug != product.slug:
        return redirect(product.get_absolute_url(), permanent=True)
    return _product_page(request, product, InquiryForm(), sent=request.GET.get("terkirim") == "1")


@csrf_exempt
@require_http_methods(["POST"])
def inquiry_view(request, pk):
    """The inquiry form posts here; refusals re-render the product page with what was typed.

    Exempt from CSRF on purpose: the form is public and anonymous (there is no session whose
    rights a forged post could borrow), spam is held off by the rate limit, honeypot and length
    checks, and without a per-visitor token the product page can be cached like the listing."""
    product = get_public_product(pk)
    form = InquiryForm(request.POST)
    if not form.is_valid():
        return _product_page(request, product, form, status=400)
    try:
        lead_create(product=product, data=form.cleaned_data, ip=request.META.get("REMOTE_ADDR", ""), language=current())
    except CatalogError as exc:
        form.add_error(None, str(exc))
        return _product_page(request, product, form, status=429)
    return redirect(f"{product.get_absolute_url()}?terkirim=1#tanya")


@gzip_page
@cached_public_page
def producer_view(request, pk):
    business, products = get_public_producer(pk)
    profile = getattr(business, "catalog_profile", None)
    story = ""
    if profile:
        story = profile.story_en if current() == "en" and profile.story_en else profile.story
    return render(
        request,
        "catalog/producer.html",
        {
            "business": business,
            "products": _cards(products),
            "story": story,
            "show_address": bool(profile and profile.show_address),
            "badge_list": badges.badges_for(business),
            "whatsapp_url": whatsapp_link(business.phone) if business.phone and business.phone_public else "",
            "alternates": alternates("producer", pk=pk),
        },
    )


def product_qr_view(request, pk):
    product = get_public_product(pk)
    qr = segno.make(request.build_absolute_uri(product.get_absolute_url()), error="m")
    response = HttpResponse(qr.svg_inline(scale=6, border=2), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def product_label_view(request, pk):
    product = get_public_product(pk)
    qr = segno.make(request.build_absolute_uri(product.get_absolute_url()), error="m")
    return render(
        request,
        "catalog/product_label.html",
        {
            "product": product,
            "qr_svg": qr.svg_inline(scale=5, border=2),
            "badge_list": badges.badges_for(product.business),
        },
    )


def list_url_for_category(code: str) -> str:
    return f"{catalog_reverse('list')}?category={code}"
