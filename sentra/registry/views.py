from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sentra.accounts.access import require_office, require_registry_user
from sentra.accounts.services import personal_data_logged
from sentra.core.audit import history_for
from sentra.core.confirm import confirmation
from sentra.core.timefmt import local_datetime
from sentra.regions.models import District
from sentra.registry.duplicates import duplicate_pairs
from sentra.registry.forms import BusinessFilterForm, BusinessForm, OwnerForm, PermitFormSet, permits_from_formset
from sentra.registry.merge import business_merge
from sentra.registry.models import Business
from sentra.registry.selectors import (
    business_history,
    business_list,
    businesses_for_user,
    filter_businesses,
    get_business_for_user,
    user_can_edit_business,
)
from sentra.registry.services import RegistryError, business_restore, business_save

PAGE_SIZE = 25


def _editable_districts(user):
    if user.is_office:
        return None  # the form's default: every kecamatan of the home regency
    return District.objects.filter(pk__in=user.districts.values("pk")).order_by("name")


def _sort_columns(sort: str, query: str) -> dict:
    """{column: {"href", "aria"}} of the sortable headers: a click sorts by it, a second click reverses."""
    prefix = f"?{query}&" if query else "?"
    columns = {}
    for key in ("nama", "kecamatan", "diubah"):
        ascending = key != "diubah"  # "updated" starts with the most recent
        current = sort.removeprefix("-") == key
        descending_now = sort.startswith("-")
        if current:
            next_sort = key if descending_now else f"-{key}"
            aria = "descending" if descending_now else "ascending"
        else:
            next_sort = key if ascending else f"-{key}"
            aria = ""
        columns[key] = {"href": f"{prefix}urut={next_sort}", "aria": aria}
    return columns


@login_required
def business_list_view(request):
    require_registry_user(request.user)
    form = BusinessFilterForm(request.GET or None, district_queryset=_editable_districts(request.user))
    qs = filter_businesses(businesses_for_user(request.user), **form.filters())
    sort = form.sort()
    page = Paginator(business_list(qs, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    unsorted = query.copy()
    unsorted.pop("urut", None)
    context = {
        "form": form,
        "page": page,
        "total": page.paginator.count,
        "query": query.urlencode(),
        "kept": [(k, v) for k, values in query.lists() for v in values],  # the jump-to-page form carries them
        "columns": _sort_columns(sort, unsorted.urlencode()),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    template = "registry/_business_table.html" if request.htmx else "registry/business_list.html"
    return render(request, template, context)


@login_required
def business_detail_view(request, pk):
    require_registry_user(request.user)
    business = get_business_for_user(request.user, pk)
    return render(
        request,
        "registry/business_detail.html",
        {
            "business": business,
            "can_edit": user_can_edit_business(request.user, business),
            "show_personal": request.user.sees_personal_data,
            # An entry that only moved the version (owner/permit edits do that) says nothing a reader needs.
            "history": [h for h in business_history(business)[:80] if set(h.changes) != {"version"}][:50],
            "can_restore": request.user.is_superuser or request.user.role == request.user.Role.ADMIN,
        },
    )


@login_required
@require_POST
def owner_nik_reveal_view(request, pk):
    """Show one owner's full NIK to a role that needs it; every reveal is logged."""
    require_registry_user(request.user)
    business = get_business_for_user(request.user, pk)
    if not request.user.sees_personal_data:
        raise PermissionDenied(_("Peran Anda tidak dapat melihat NIK."))
    personal_data_logged(
        user=request.user, kind="reveal", what=f"NIK pemilik IKM {business.name}", object_id=business.owner_id
    )
    return HttpResponse(format_html('<span class="nik">{}</span>', business.owner.nik or "–"))


@login_required
@require_POST
def business_restore_view(request, pk, entry_id):
    require_registry_user(request.user)
    if not (request.user.is_superuser or request.user.role == request.user.Role.ADMIN):
        raise PermissionDenied(_("Hanya admin yang dapat memulihkan versi lama."))
    business = get_business_for_user(request.user, pk, for_write=True)
    entry = get_object_or_404(history_for(business), pk=entry_id)
    when = local_datetime(entry.created_at)
    page = confirmation(
        request,
        title=_("Pulihkan “%(name)s” ke versi %(when)s?") % {"name": business.name, "when": when},
        consequences=[
            _("Data IKM ini diganti dengan data seperti pada %(when)s; perubahan sesudahnya ditimpa.") % {"when": when},
            _("Pemulihan ini dicatat di riwayat, sehingga versi sekarang tetap dapat dipulihkan lagi."),
        ],
        confirm_label=_("Ya, pulihkan"),
        cancel_url=reverse("registry:business_detail", args=[business.pk]),
    )
    if page:
        return page
    try:
        business_restore(actor=request.user, business=business, entry=entry)
    except RegistryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Data dipulihkan ke versi %(when)s.") % {"when": when})
    return redirect("registry:business_detail", pk=business.pk)


def _save(request, business=None):
    user = request.user
    districts = _editable_districts(user)
    if request.method == "POST":
        form = BusinessForm(request.POST, instance=business, district_queryset=districts)
        owner_form = OwnerForm(request.POST, prefix="owner", instance=business.owner if business else None)
        permit_formset = PermitFormSet(request.POST, instance=business, prefix="permits")
        if form.is_valid() and owner_form.is_valid() and permit_formset.is_valid():
            try:
                saved = business_save(
                    actor=user,
                    business=business,
                    business_data=form.cleaned_data,
                    owner_data=owner_form.cleaned_data,
                    permits=permits_from_formset(permit_formset),
                    expected_version=form.cleaned_data.get("version") if business else None,
                )
            except RegistryError as exc:
                messages.error(request, str(exc))
            else:
                for warning in owner_form.warnings:
                    messages.warning(request, warning)
                messages.success(request, _("Data IKM “%(name)s” tersimpan.") % {"name": saved.name})
                return redirect("registry:business_detail", pk=saved.pk)
        else:
            messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    else:
        initial = {}
        if districts is not None and districts.count() == 1:
            initial["district"] = districts.first()
        form = BusinessForm(instance=business, district_queryset=districts, initial=initial)
        owner_form = OwnerForm(prefix="owner", instance=business.owner if business else None)
        permit_formset = PermitFormSet(instance=business, prefix="permits")
    return render(
        request,
        "registry/business_form.html",
        {"form": form, "owner_form": owner_form, "permit_formset": permit_formset, "business": business},
    )


@login_required
@require_http_methods(["GET", "POST"])
def business_create_view(request):
    require_registry_user(request.user)
    return _save(request)


@login_required
@require_http_methods(["GET", "POST"])
def business_edit_view(request, pk):
    require_registry_user(request.user)
    business = get_business_for_user(request.user, pk, for_write=True)
    return _save(request, business)


@login_required
def permit_document_view(request, pk, permit_id):
    """A permit's uploaded document, for whoever may open the business (staff, its operator, its owner)."""
    user = request.user
    business = get_business_for_user(user, pk)
    permit = get_object_or_404(business.permits.exclude(document=""), pk=permit_id)
    return FileResponse(permit.document.open("rb"), as_attachment=False, filename=permit.document.name.rsplit("/")[-1])


@login_required
def duplicates_view(request):
    """Possible duplicates in the registry, each pair with a merge form."""
    require_office(request.user)
    pairs = duplicate_pairs(Business.objects.all())
    wanted = {p["a"] for p in pairs} | {p["b"] for p in pairs}
    by_id = Business.objects.select_related("district", "village", "owner").in_bulk(wanted)
    rows = [
        {**p, "first": by_id[p["a"]], "second": by_id[p["b"]]} for p in pairs if p["a"] in by_id and p["b"] in by_id
    ]
    return render(request, "registry/duplicates.html", {"pairs": rows})


@login_required
@require_POST
def merge_view(request):
    require_office(request.user)
    try:
        keep = Business.objects.get(pk=int(request.POST.get("keep", "")))
        remove = Business.objects.get(pk=int(request.POST.get("remove", "")))
        page = confirmation(
            request,
            title=_("Gabungkan “%(removed)s” ke “%(kept)s”?") % {"removed": remove.name, "kept": keep.name},
            consequences=[
                _("Izin, produk, pelatihan dan riwayat “%(removed)s” dipindahkan ke “%(kept)s”.")
                % {"removed": remove.name, "kept": keep.name},
                _("“%(removed)s” lalu dihapus dari registri.") % {"removed": remove.name},
            ],
            confirm_label=_("Ya, gabungkan"),
            cancel_url=reverse("registry:duplicates"),
        )
        if page:
            return page
        business_merge(actor=request.user, keep=keep, remove=remove)
    except (ValueError, Business.DoesNotExist):
        messages.error(request, _("IKM yang akan digabung tidak ditemukan (mungkin sudah digabung)."))
    except RegistryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("“%(removed)s” digabung ke “%(kept)s”.") % {"removed": remove.name, "kept": keep.name}
        )
    return redirect("registry:duplicates")
