"""Back office of the catalog: owners manage their products, staff curate, both follow leads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentra.catalog import badges
from sentra.catalog.forms import PhotoForm, ProductForm, ProfileForm, picker_choices
from sentra.catalog.models import Lead, ProducerProfile
from sentra.catalog.selectors import (
    business_choices,
    businesses_for_catalog_user,
    get_lead_for_user,
    get_product_for_user,
    leads_for_user,
    products_for_user,
    require_curator,
)
from sentra.catalog.services import (
    CatalogError,
    lead_set_status,
    photo_add,
    photo_delete,
    product_curate,
    product_save,
    profile_save,
)
from sentra.core.confirm import confirmation


def _apply(request, action, success: str) -> None:
    """Run a service call; its CatalogError becomes the message the user sees."""
    try:
        action()
    except CatalogError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)


def _require_catalog_user(user):
    if not (user.is_office or user.role == user.Role.OWNER):
        raise PermissionDenied(_("Halaman ini untuk pemilik usaha dan staf Dekranasda."))


@login_required
def manage_list_view(request):
    _require_catalog_user(request.user)
    products = products_for_user(request.user).select_related("business").order_by("-updated_at")
    status = request.GET.get("status", "")
    if status == "draft":
        products = products.filter(is_published=False)
    elif status == "published":
        products = products.filter(is_published=True)
    return render(
        request,
        "catalog/manage/list.html",
        {"products": products[:200], "status": status, "is_curator": request.user.is_office},
    )


@login_required
def manage_product_view(request, pk=None):
    _require_catalog_user(request.user)
    product = get_product_for_user(request.user, pk) if pk else None
    businesses = businesses_for_catalog_user(request.user)
    picker = None
    if product is None:  # the business picker: ?usaha= narrows it (a plain GET form, works without JS)
        q = request.GET.get("usaha", "").strip()[:100]
        choices, total = business_choices(request.user, q, selected=request.POST.get("business") or None)
        picker = {"q": q, "choices": picker_choices(choices, total)}
    kwargs = {"business_queryset": businesses, "business_choices": picker["choices"] if picker else None}
    if request.method == "POST":
        form = ProductForm(request.POST, instance=product, **kwargs)
        if form.is_valid():
            try:
                saved = product_save(actor=request.user, product=product, data=form.service_data())
            except CatalogError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Produk “%(name)s” tersimpan.") % {"name": saved.name})
                return redirect("catalog:manage_product", pk=saved.pk)
    else:
        form = ProductForm(instance=product, **kwargs)
    context = {
        "form": form,
        "product": product,
        "photo_form": PhotoForm(),
        "is_curator": request.user.is_office,
        "picker": picker,
    }
    if product:
        context["criteria"] = badges.export_criteria(product)
        context["badge_list"] = badges.badges_for(product.business)
    return render(request, "catalog/manage/product_form.html", context)


@login_required
def manage_business_options_view(request):
    """The picker's <option>s for what was typed (htmx swaps them into the product form's select)."""
    _require_catalog_user(request.user)
    q = request.GET.get("usaha", "").strip()[:100]
    choices, total = business_choices(request.user, q, selected=request.GET.get("business") or None)
    context = {"choices": picker_choices(choices, total), "selected": request.GET.get("business", "")}
    return render(request, "catalog/manage/_business_options.html", context)


@login_required
@require_POST
def manage_photo_view(request, pk):
    _require_catalog_user(request.user)
    product = get_product_for_user(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            photo_add(actor=request.user, product=product, upload=form.cleaned_data["photo"])
        except CatalogError as exc:
            form.add_error("photo", str(exc))
        else:
            messages.success(request, _("Foto ditambahkan."))
            return redirect("catalog:manage_product", pk=product.pk)
    return render(
        request,
        "catalog/manage/product_form.html",
        {
            "form": ProductForm(instance=product, business_queryset=businesses_for_catalog_user(request.user)),
            "product": product,
            "photo_form": form,
            "is_curator": request.user.is_office,
            "criteria": badges.export_criteria(product),
            "badge_list": badges.badges_for(product.business),
        },
        status=400,
    )


@login_required
@require_POST
def manage_photo_delete_view(request, pk, photo_pk):
    _require_catalog_user(request.user)
    product = get_product_for_user(request.user, pk)
    photo = product.photos.filter(pk=photo_pk).first()
    if photo:
        page = confirmation(
            request,
            title=_("Hapus foto produk “%(name)s”?") % {"name": product.name},
            consequences=[
                _("Foto ini dihapus dari katalog dan dari penyimpanan; tidak dapat dikembalikan."),
                _("Unggah lagi bila ingin memakainya kembali."),
            ],
            confirm_label=_("Ya, hapus foto"),
            cancel_url=reverse("catalog:manage_product", args=[product.pk]),
        )
        if page:
            return page
        photo_delete(actor=request.user, photo=photo)
        messages.success(request, _("Foto dihapus."))
    return redirect("catalog:manage_product", pk=product.pk)


@login_required
@require_POST
def manage_curate_view(request, pk):
    require_curator(request.user)
    product = get_product_for_user(request.user, pk)
    _apply(
        request,
        lambda: product_curate(actor=request.user, product=product, action=request.POST.get("action", "")),
        _("Status kurasi “%(name)s” diperbarui.") % {"name": product.name},
    )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "catalog:manage_list"
    return redirect(next_url)


@login_required
def manage_profile_view(request, business_pk):
    _require_catalog_user(request.user)
    business = businesses_for_catalog_user(request.user).filter(pk=business_pk).first()
    if business is None:
        raise Http404("IKM tidak ditemukan.")
    profile = ProducerProfile.objects.filter(business=business).first()
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile_save(actor=request.user, business=business, data=form.cleaned_data)
        messages.success(request, _("Profil produsen tersimpan."))
        return redirect("catalog:manage_profile", business_pk=business.pk)
    return render(request, "catalog/manage/profile_form.html", {"form": form, "business": business})


@login_required
def manage_leads_view(request):
    _require_catalog_user(request.user)
    leads = leads_for_user(request.user)
    status = request.GET.get("status", "")
    if status in Lead.Status.values:
        leads = leads.filter(status=status)
    return render(
        request,
        "catalog/manage/leads.html",
        {"leads": leads[:200], "status": status, "statuses": Lead.Status.choices, "transitions": Lead.TRANSITIONS},
    )


@login_required
@require_POST
def manage_lead_status_view(request, pk):
    _require_catalog_user(request.user)
    lead = get_lead_for_user(request.user, pk)
    _apply(
        request,
        lambda: lead_set_status(actor=request.user, lead=lead, status=request.POST.get("status", "")),
        _("Status prospek diperbarui."),
    )
    return redirect("catalog:manage_leads")
