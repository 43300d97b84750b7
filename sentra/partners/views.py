"""Collaboration pages. Office staff see and change everything; a partner user sees its own organisations'
agreements and commitments and records deliveries; contact people only for office staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentra.accounts.access import require_office
from sentra.core.audit import history_for
from sentra.partners import selectors, services
from sentra.partners.forms import AgreementForm, CommitmentForm, ContactForm, DeliveryForm
from sentra.partners.models import Agreement, Notice


def _office_or_partner(user):
    if not (user.is_office or user.role == "partner"):
        raise PermissionDenied("Halaman ini untuk staf Dekranasda dan organisasi mitra.")


@login_required
def collaboration_view(request):
    _office_or_partner(request.user)
    context = selectors.collaboration(request.user)
    context["organisations"] = selectors.organisations_for(request.user).order_by("sector", "name")
    if request.user.is_office:
        context["notices"] = selectors.open_notices()[:20]
        context["ending"] = selectors.ending_agreements()
    return render(request, "partners/collaboration.html", context)


@login_required
def organisation_view(request, pk):
    _office_or_partner(request.user)
    org = selectors.get_organisation(request.user, pk)
    context = {
        "org": org,
        "rows": selectors.commitment_rows(selectors.commitments_for(request.user).filter(organisation=org)),
        "agreements": selectors.agreements_for(request.user).filter(organisations=org),
        "contacts": org.contacts.all() if request.user.is_office else None,
        "contact_form": ContactForm() if request.user.is_office else None,
        "today": timezone.localdate(),
    }
    if request.method == "POST":
        require_office(request.user)
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                services.contact_save(actor=request.user, organisation=org, data=form.cleaned_data)
            except services.PartnerError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("partners:organisation", pk=org.pk)
        context["contact_form"] = form
    return render(request, "partners/organisation.html", context)


@login_required
def agreement_list_view(request):
    require_office(request.user)
    return render(request, "partners/agreement_list.html", {"agreements": selectors.agreements_for(request.user)})


@login_required
def agreement_edit_view(request, pk=None):
    require_office(request.user)
    agreement = get_object_or_404(Agreement, pk=pk) if pk else None
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.AGREEMENT_FIELDS}
        upload = request.FILES.get("document")
        try:
            saved = services.agreement_save(
                actor=request.user,
                agreement=agreement,
                data=data,
                organisations=form.cleaned_data["organisations"],
                document=upload,
                expected_version=form.cleaned_data.get("version"),
            )
        except services.PartnerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Perjanjian tersimpan."))
            return redirect("partners:agreement_edit", pk=saved.pk)
    return render(
        request,
        "partners/agreement_form.html",
        {"form": form, "agreement": agreement, "history": history_for(agreement)[:20] if agreement else []},
    )


@login_required
def agreement_document_view(request, pk):
    """The signed document: office staff, or a member of one of the agreement's partner organisations."""
    _office_or_partner(request.user)
    agreement = selectors.get_agreement(request.user, pk)
    if not agreement.document:
        raise Http404("Dokumen belum diunggah.")
    return FileResponse(
        agreement.document.open("rb"), as_attachment=False, filename=agreement.document.name.rsplit("/")[-1]
    )


@login_required
def commitment_edit_view(request, pk=None):
    require_office(request.user)
    commitment = selectors.get_commitment(request.user, pk) if pk else None
    initial = {"organisation": request.GET.get("mitra")} if not pk else None
    form = CommitmentForm(request.POST or None, instance=commitment, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {
            "organisation_id": form.cleaned_data["organisation"].pk,
            "agreement_id": form.cleaned_data["agreement"].pk if form.cleaned_data["agreement"] else None,
            **{f: form.cleaned_data[f] for f in ("kind", "description", "quantity", "unit", "due_on")},
        }
        try:
            saved = services.commitment_save(
                actor=request.user, commitment=commitment, data=data, expected_version=form.cleaned_data.get("version")
            )
        except services.PartnerError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("partners:organisation", pk=saved.organisation_id)
    return render(request, "partners/form.html", {"form": form, "title": _("Komitmen mitra")})


@login_required
def delivery_view(request, pk):
    """Record a delivery: office staff, or the partner organisation's own users (others: not found)."""
    _office_or_partner(request.user)
    commitment = selectors.get_commitment(request.user, pk)
    form = DeliveryForm(request.POST or None, initial={"delivered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.delivery_record(actor=request.user, commitment=commitment, **form.cleaned_data)
        except services.PartnerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Penyerahan tercatat."))
            return redirect("partners:organisation", pk=commitment.organisation_id)
    return render(
        request,
        "partners/delivery.html",
        {"form": form, "commitment": commitment, "deliveries": commitment.deliveries.select_related("recorded_by")},
    )


@login_required
@require_POST
def notice_dismiss_view(request, pk):
    require_office(request.user)
    services.notice_dismiss(actor=request.user, notice=get_object_or_404(Notice, pk=pk))
    return redirect(request.POST.get("next") or "partners:collaboration")
