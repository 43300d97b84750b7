"""Owner self-service (claim, profile, permits) and the staff review queue for it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sentra.accounts import services
from sentra.accounts.access import get_owned_business, owned_businesses, require_office, require_owner
from sentra.accounts.forms import ClaimForm, InviteForm, OwnerBusinessForm, PermitUploadForm
from sentra.accounts.models import BusinessClaim, ChangeRequest
from sentra.accounts.network import client_ip
from sentra.registry.selectors import get_business_for_user
from sentra.registry.services import RegistryError, business_save

DIRECT_FIELDS = [
    "products",
    "phone",
    "phone_public",
    "address",
    "workers_male",
    "workers_female",
    "monthly_capacity",
    "capacity_unit",
]


def _my_businesses(request, form):
    return render(
        request,
        "accounts/my_businesses.html",
        {
            "businesses": owned_businesses(request.user),
            "claims": BusinessClaim.objects.filter(user=request.user).select_related("business"),
            "form": form,
        },
    )


@login_required
def my_businesses_view(request):
    require_owner(request.user)
    return _my_businesses(request, ClaimForm())


@login_required
@require_POST
def claim_view(request):
    require_owner(request.user)
    form = ClaimForm(request.POST)
    if form.is_valid():
        try:
            services.claim_create(
                user=request.user, identifier=form.cleaned_data["identifier"], ip=client_ip(request)
            )
        except (services.AccountError, ValidationError) as exc:
            messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(
                request, _("Klaim terkirim. Staf Dekranasda akan memeriksa dan menghubungi Anda bila nomor itu cocok.")
            )
            return redirect("accounts:my_businesses")
    else:
        messages.error(request, _("Tulis NIB atau NIK."))
    return _my_businesses(request, form)


def _initial(business):
    data = {name: getattr(business, name) for name in DIRECT_FIELDS}
    data.update(services.identity_values(business))
    data["version"] = business.version
    return data


@login_required
@require_http_methods(["GET", "POST"])
def owner_business_edit_view(request, pk):
    business = get_owned_business(request.user, pk)
    form = OwnerBusinessForm(request.POST or None, initial=_initial(business))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                business_save(
                    actor=request.user,
                    business=business,
                    business_data={k: data[k] for k in DIRECT_FIELDS},
                    source="pemilik",
                    expected_version=data.get("version"),
                )
                pending = services.change_request_create(
                    user=request.user,
                    business=business,
                    wanted={k: data[k] for k in services.IDENTITY_FIELDS},
                )
            except RegistryError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Data usaha tersimpan."))
                if pending:
                    messages.info(request, _("Perubahan nama usaha, NIB atau nama pemilik menunggu persetujuan staf."))
                return redirect("accounts:my_businesses")
        else:
            messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    return render(
        request,
        "accounts/owner_business_form.html",
        {
            "form": form,
            "business": business,
            "pending": ChangeRequest.objects.filter(business=business, status="pending"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def owner_permit_add_view(request, pk):
    business = get_owned_business(request.user, pk)
    form = PermitUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                business_save(
                    actor=request.user,
                    business=business,
                    business_data={},
                    permits=[{"id": None, **{k: data[k] for k in ("kind", "number", "issued_on", "expires_on")}}],
                    source="pemilik",
                )
            except RegistryError as exc:
                messages.error(request, str(exc))
            else:
                if data.get("document"):
                    permit = business.permits.filter(kind=data["kind"], number=data["number"]).latest("pk")
                    permit.document = data["document"]
                    permit.save(update_fields=["document"])
                messages.success(request, _("Izin tersimpan."))
                return redirect("accounts:my_businesses")
        else:
            messages.error(request, _("Izin belum tersimpan: periksa isian yang ditandai."))
    return render(request, "accounts/owner_permit_form.html", {"form": form, "business": business})


@login_required
def review_queue_view(request):
    require_office(request.user)
    return render(request, "accounts/review_queue.html", services.pending_reviews())


def _decide(request, model, pk, decide, done: tuple[str, str]):
    """POST approve/reject on a pending claim or change request, then back to the queue with a message."""
    require_office(request.user)
    item = get_object_or_404(model, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        decide(actor=request.user, item=item, approve=approve, note=request.POST.get("note", ""))
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done[0] if approve else done[1])
    return redirect("accounts:review_queue")


@login_required
@require_POST
def claim_decide_view(request, pk):
    return _decide(request, BusinessClaim, pk, services.claim_decide, (_("Klaim disetujui."), _("Klaim ditolak.")))


@login_required
@require_POST
def change_decide_view(request, pk):
    return _decide(
        request,
        ChangeRequest,
        pk,
        services.change_request_decide,
        (_("Usulan disetujui dan diterapkan."), _("Usulan ditolak.")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_view(request, pk):
    require_office(request.user)
    business = get_business_for_user(request.user, pk)
    form = InviteForm(request.POST or None)
    link = ""
    if request.method == "POST" and form.is_valid():
        token = services.invite_link_token(actor=request.user, business=business, email=form.cleaned_data["email"])
        link = request.build_absolute_uri(reverse("accounts:signup") + f"?undangan={token}")
        if form.cleaned_data["email"]:
            services.invite_send(email=form.cleaned_data["email"], business=business, link=link)
            messages.success(request, _("Undangan dikirim ke %(e)s.") % {"e": form.cleaned_data["email"]})
    return render(request, "accounts/invite.html", {"form": form, "business": business, "link": link})
