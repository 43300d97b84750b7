"""Public catalog pages (Indonesian and English). Thin: selectors read, services write."""

import segno
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.contrib.messages import get_messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import Context
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sentra.accounts.network import client_ip
from sentra.catalog import badges, card_html, public_read, search, skeleton
from sentra.catalog.cache import public_page
from sentra.catalog.filters import BOOLEAN_FILTERS
from sentra.catalog.forms import PAGE_SIZE, CatalogFilterForm, InquiryForm
from sentra.catalog.i18n import alternates, current
from sentra.catalog.models import Category
from sentra.catalog.selectors import get_public_business, get_public_product
from sentra.catalog.services import CatalogError, lead_create
from sentra.registry.validators import whatsapp_link


def _site_root(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _render_html(request, template_name: str, context: dict) -> str:
    """Render without the site's context processors: public catalog pages need only these
    values, and the processors cost a query (home regency) and some lookups per request."""
    context = {
        "site_root": _site_root(request),
        **context,
        "request": request,
        "messages": get_messages(request),
        "home_regency": public_read.home_regency_cached(),
        "sentra_env": settings.SENTRA_ENV,
    }
    return get_template(template_name).template.render(Context(context))


def _render(request, template_name: str, context: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(_render_html(request, template_name, context), status=status)


def _process_constants() -> tuple:
    """What a public page's skeleton takes from the process rather than the request."""
    regency = public_read.home_regency_cached()
    return (
        getattr(regency, "pk", None),
        getattr(regency, "name", ""),
        getattr(regency, "short_name", ""),
        settings.SENTRA_ENV,
        settings.STATIC_URL,
        get_script_prefix(),
    )


@public_page
def home_view(request):
    cards = public_read.featured_cards()
    if not cards:
        cards, _more = public_read.card_page({}, 1, 8)
    return _render(
        request,
        "catalog/home.html",
        {"cards_html": card_html.cards(cards), "categories": Category.choices, "alternates": alternates("home")},
    )


@public_page
def product_list_view(request):
    form = CatalogFilterForm(request.GET or None)
    filters = form.filters()
    page = form.page_number()
    cards, has_next = public_read.card_page(filters, page, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    suggested = search.suggestion(filters["q"]) if filters.get("q") else None
    suggestion_query = ""
    if suggested:
        corrected = query.copy()
        corrected["q"] = suggested
        suggestion_query = corrected.urlencode()
    price_max = form["price_max"].value()
    # the values that change from request to request (skeleton.py), all text; numbers as typed
    values = {
        "q_value": form["q"].value() or "",
        "price_max_value": "" if price_max is None else price_max,
        "cards_html": card_html.cards(cards),
        "query": query.urlencode(),
        "prev_page": str(page - 1) if page > 1 else "",
        "next_page": str(page + 1),
        "count_text": _count_text(filters, page, cards, has_next),
        "suggestion": suggested or "",
        "suggestion_query": suggestion_query,
        "site_root": _site_root(request),
        **{f"options_{name}": html for name, html in form.select_options(filters).items()},
        **{
            f"alternate_{k}": f"{v}?{request.GET.urlencode()}" if request.GET else v
            for k, v in alternates("list").items()
        },
    }
    context = {
        "form": form,
        "filters": filters,
        "has_cards": bool(cards),
        "has_next": has_next,
        "form_errors": bool(form.errors),
    }

    def build(marks: dict) -> str:
        return _render_html(request, "catalog/product_list.html", _list_context(context, marks))

    messages = get_messages(request)
    if context["form_errors"] or len(messages):
        return _render(request, "catalog/product_list.html", _list_context(context, values))
    checked = tuple(filters[name] for name in BOOLEAN_FILTERS)  # checkboxes: a branch of the template
    key = ("list", current(), bool(cards), has_next, checked, *_process_constants())
    return HttpResponse(skeleton.render(key, build, values))


def _count_text(filters: dict, page: int, cards: list, has_next: bool) -> str:
    """ "1.762 produk ditemukan": exact from the page when it is the last one, else counted (up to a cap)."""
    if has_next or (page > 1 and not cards):
        total = public_read.result_count(filters)
    else:
        total = (page - 1) * PAGE_SIZE + len(cards)
    if total == 0:
        return ""
    if total > public_read.COUNT_CAP:
        return _("Lebih dari %(n)s produk ditemukan") % {"n": intcomma(public_read.COUNT_CAP)}
    return ngettext("%(n)s produk ditemukan", "%(n)s produk ditemukan", total) % {"n": intcomma(total)}


def _list_context(context: dict, values: dict) -> dict:
    """The listing template's context from `values` (real values or skeleton marks)."""
    return {
        **context,
        **{k: v for k, v in values.items() if not k.startswith(("options_", "alternate_"))},
        "options": {k[len("options_") :]: v for k, v in values.items() if k.startswith("options_")},
        "alternates": {k[len("alternate_") :]: v for k, v in values.items() if k.startswith("alternate_")},
    }


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


_form_html: dict = {}


def _inquiry_fields(form) -> str:
    """The inquiry form's fields; the empty form is the same on every product page, so it is
    rendered once per language and process."""
    template = get_template("catalog/_inquiry_fields.html").template
    if form.is_bound:
        return template.render(Context({"form": form}))
    lang = current()
    if lang not in _form_html:
        _form_html[lang] = template.render(Context({"form": form}))
    return _form_html[lang]


def _public_product(pk):
    found = public_read.public_product(pk)
    if found is None:
        raise Http404("Produk tidak ditemukan.")
    return found


def _product_page(request, found, form, status=200, sent=False):
    product, photos, kinds = found
    criteria = badges.export_criteria(product, kinds=kinds)
    return _render(
        request,
        "catalog/product_detail.html",
        {
            "product": product,
            "photos": photos,
            "cover": photos[0] if photos else None,
            "badge_list": badges.badges_from_kinds(kinds),
            "criteria": criteria,
            "export_ready": all(c.met for c in criteria),
            "whatsapp_url": _whatsapp(product, request),
            "form": form,
            "form_fields": _inquiry_fields(form),
            "sent": sent,
            "absolute_url": request.build_absolute_uri(product.get_absolute_url()),
            "alternates": {lang: product.get_absolute_url(lang) for lang in ("id", "en")},
        },
        status=status,
    )


@public_page
def product_detail_view(request, pk, slug):
    found = _public_product(pk)
    product = found[0]
    if slug != product.slug:
        return redirect(product.get_absolute_url(), permanent=True)
    return _product_page(request, found, InquiryForm(), sent=request.GET.get("terkirim") == "1")


@csrf_exempt
@require_http_methods(["POST"])
def inquiry_view(request, pk):
    """The inquiry form posts here; refusals re-render the product page with what was typed.

    Exempt from CSRF on purpose: the form is public and anonymous (there is no session whose
    rights a forged post could borrow), spam is held off by the rate limit, honeypot and length
    checks, and without a per-visitor token the product page can be cached like the listing."""
    found = _public_product(pk)
    product = found[0]
    form = InquiryForm(request.POST)
    if not form.is_valid():
        return _product_page(request, found, form, status=400)
    try:
        lead_create(product=product, data=form.cleaned_data, ip=client_ip(request) or "", language=current())
    except CatalogError as exc:
        form.add_error(None, str(exc))
        return _product_page(request, found, form, status=429)
    return redirect(f"{product.get_absolute_url()}?terkirim=1#tanya")


@public_page
def producer_view(request, pk):
    cards = public_read.producer_cards(pk)
    business = get_public_business(pk) if cards else None
    if business is None:
        raise Http404("Produsen tidak ditemukan.")
    profile = getattr(business, "catalog_profile", None)
    story = ""
    if profile:
        story = profile.story_en if current() == "en" and profile.story_en else profile.story
    return _render(
        request,
        "catalog/producer.html",
        {
            "business": business,
            "cards_html": card_html.cards(cards),
            "first": cards[0],
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
