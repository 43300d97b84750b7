"""Pages of partner organisations (partner role) and the staff page that sets who acts for them."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sentra.accounts.access import require_office, require_partner
from sentra.partners.models import PartnerOrganisation
from sentra.programs import partners
from sentra.programs.selectors import get_session, program_outcome_report
from sentra.programs.services import ProgramError


class JoinForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    people = forms.IntegerField(label=gettext_lazy("Jumlah orang"), min_value=1, max_value=50, initial=1)
    note = forms.CharField(
        label=gettext_lazy("Peran / catatan"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("mis. 2 mentor desain")}),
    )


class MembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Pengguna mitra yang mewakili organisasi ini"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            get_user_model().objects.filter(role="partner", is_active=True).order_by("username")
        )


@login_required
def partner_home_view(request):
    require_partner(request.user)
    return render(
        request,
        "programs/partner_home.html",
        {
            "organisations": partners.organisations_of(request.user),
            "programs": partners.partner_programs(request.user),
        },
    )


def _program_page(request, program, *, failed: dict | None = None, status: int = 200):
    """The partner's program page; `failed` = {session, organisation, people, note, error} re-shows a join
    that was refused, with what was typed."""
    sessions = partners.partner_sessions(request.user, program)
    for row in sessions:
        row.failed = failed if failed and failed["session"] == row.session.pk else None
    return render(
        request,
        "programs/partner_program.html",
        {
            "program": program,
            "sessions": sessions,
            "organisations": partners.organisations_of(request.user),
            "report": program_outcome_report(program),
        },
        status=status,
    )


@login_required
def partner_program_view(request, pk):
    require_partner(request.user)
    return _program_page(request, partners.partner_program(request.user, pk))


@login_required
@require_POST
def partner_join_view(request, pk):
    """POST people/note to join (or change the part); POST batal=1 to withdraw. A refusal re-shows the
    page with the message and what was typed."""
    require_partner(request.user)
    session = get_session(pk)
    program = partners.partner_program(request.user, session.program_id)
    form = JoinForm(request.POST)
    try:
        if request.POST.get("batal"):
            partners.partner_leave(
                actor=request.user, session=session, organisation_id=request.POST.get("organisation")
            )
            messages.success(request, _("Keikutsertaan pada “%(s)s” dibatalkan.") % {"s": session.title})
            return redirect("programs:partner_program", pk=program.pk)
        if not form.is_valid():
            raise ProgramError(
                _("Keikutsertaan belum tersimpan: %(e)s")
                % {"e": "; ".join(f"{form.fields[f].label or f}: {e}" for f, errs in form.errors.items() for e in errs)}
            )
        join = partners.partner_join(
            actor=request.user,
            session=session,
            organisation_id=form.cleaned_data["organisation"],
            people=form.cleaned_data["people"],
            note=form.cleaned_data["note"],
        )
    except ProgramError as exc:
        failed = {
            "session": session.pk,
            "organisation": int(form.cleaned_data["organisation"]) if "organisation" in form.cleaned_data else None,
            "people": request.POST.get("people", ""),
            "note": request.POST.get("note", ""),
            "error": str(exc),
        }
        if failed["organisation"] is None:  # no form to show it beside
            messages.error(request, failed["error"])
        return _program_page(request, program, failed=failed, status=400)
    messages.success(
        request, _("%(org)s ikut serta pada “%(s)s”.") % {"org": join.organisation.name, "s": session.title}
    )
    return redirect("programs:partner_program", pk=program.pk)


@login_required
def organisation_list_view(request):
    require_office(request.user)
    organisations = PartnerOrganisation.objects.prefetch_related("members").order_by("name")
    return render(request, "programs/organisation_list.html", {"organisations": organisations})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members_view(request, pk):
    require_office(request.user)
    organisation = get_object_or_404(PartnerOrganisation, pk=pk)
    form = MembersForm(request.POST or None, initial={"members": organisation.members.all()})
    if request.method == "POST" and form.is_valid():
        try:
            partners.organisation_members_set(
                actor=request.user, organisation=organisation, users=form.cleaned_data["members"]
            )
        except ProgramError as exc:
            form.add_error("members", str(exc))
        else:
            messages.success(request, _("Anggota %(org)s tersimpan.") % {"org": organisation.name})
            return redirect("programs:organisation_list")
    return render(request, "programs/organisation_members.html", {"organisation": organisation, "form": form})
