"""Pages of the engagement module: the public SKM survey and its results, quick polls, ideas (aspirasi).
Views stay thin: forms validate, services write, selectors read."""

import secrets

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.signing import BadSignature
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sentra.accounts.access import require_office, require_owner
from sentra.accounts.network import client_ip
from sentra.core.audit import history_for
from sentra.engagement import report as skm_report_files
from sentra.engagement import selectors
from sentra.engagement.forms import (
    BatchIdeaForm,
    IdeaForm,
    IdeaImportForm,
    OnBehalfIdeaForm,
    PeriodForm,
    PollForm,
    SurveyForm,
    TransitionForm,
)
from sentra.engagement.models import Idea, Poll, Service, SurveyPeriod
from sentra.engagement.services import (
    TRANSITIONS,
    EngagementError,
    idea_create,
    idea_group,
    idea_transition,
    idea_ungroup,
    idea_whatsapp_link,
    ideas_batch,
    period_close,
    period_save,
    poll_save,
    poll_vote,
    survey_submit,
)
from sentra.registry.models import Business

VOTER_COOKIE = "sentra_voter"
VOTER_SALT = "engagement.poll"


def office_view(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        require_office(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def idea_desk_view(view):
    """Office staff and district operators (operators see their kecamatan's ideas)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.can_use_registry:
            raise PermissionDenied(_("Halaman ini untuk staf Dekranasda dan operator kecamatan."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _ip(request) -> str:
    """The client's address as the lockout and the other rate limits see it (behind the trusted proxy too)."""
    return client_ip(request) or ""


# --- public survey --------------------------------------------------------------------------------------


def survey_home_view(request):
    period = selectors.latest_published_period()
    return render(
        request,
        "engagement/survey_home.html",
        {
            "open_periods": selectors.open_periods(),
            "latest": period,
            "overall": selectors.skm_overall(period) if period else None,
        },
    )


def _period_by_token(token) -> SurveyPeriod:
    return get_object_or_404(SurveyPeriod, token=token)


@require_http_methods(["GET", "POST"])
def survey_form_view(request, token):
    period = _period_by_token(token)
    if not period.is_open():
        return render(request, "engagement/survey_closed.html", {"period": period}, status=410)
    initial = {}
    code = request.GET.get("layanan")
    if code:
        service = period.services.filter(code=code).first()
        if service:
            initial["service"] = service.pk
    form = SurveyForm(request.POST or None, period=period, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            if form.cleaned_data.get("website"):
                # the honeypot was filled: thank the bot, store nothing
                return redirect("engagement:survey_thanks", token=period.token)
            try:
                survey_submit(
                    period=period,
                    service=form.cleaned_data["service"],
                    scores=form.scores(),
                    profile=form.cleaned_data,
                    complaint=form.cleaned_data.get("complaint", ""),
                    user=request.user,
                    ip=_ip(request),
                )
            except EngagementError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("engagement:survey_thanks", token=period.token)
        messages.error(request, _("Jawaban belum terkirim: periksa isian yang ditandai."))
    return render(
        request,
        "engagement/survey_form.html",
        {"period": period, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def survey_thanks_view(request, token):
    period = _period_by_token(token)
    return render(request, "engagement/survey_thanks.html", {"period": period})


def _survey_url(request, period, service=None) -> str:
    url = request.build_absolute_uri(reverse("engagement:survey_form", args=[period.token]))
    return f"{url}?layanan={service.code}" if service else url


def survey_qr_view(request, token):
    period = _period_by_token(token)
    service = period.services.filter(code=request.GET.get("layanan", "")).first()
    qr = segno.make(_survey_url(request, period, service), error="m")
    response = HttpResponse(qr.svg_inline(scale=6, border=2), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@office_view
def survey_poster_view(request, pk):
    period = get_object_or_404(SurveyPeriod, pk=pk)
    service = period.services.filter(code=request.GET.get("layanan", "")).first()
    url = _survey_url(request, period, service)
    return render(
        request,
        "engagement/survey_poster.html",
        {"period": period, "service": service, "url": url, "qr_svg": segno.make(url, error="m").svg_inline(scale=8)},
    )


def survey_public_result_view(request):
    period = selectors.latest_published_period()
    report = selectors.skm_report(period) if period else None
    return render(request, "engagement/survey_result_public.html", {"period": period, "report": report})


# --- staff survey pages ------------------------------------------------------------------------------------


@office_view
def period_list_view(request):
    periods = SurveyPeriod.objects.prefetch_related("services")
    rows = [{"period": p, "overall": selectors.skm_overall(p)} for p in periods]
    return render(request, "engagement/period_list.html", {"rows": rows, "services": Service.objects.all()})


@office_view
@require_http_methods(["GET", "POST"])
def period_edit_view(request, pk=None):
    today = timezone.localdate()
    period = (
        get_object_or_404(SurveyPeriod, pk=pk)
        if pk
        else SurveyPeriod(year=today.year, semester=1 if today.month <= 6 else 2, starts_on=today, ends_on=today)
    )
    initial = {} if pk else {"services": list(Service.objects.filter(active=True).values_list("pk", flat=True))}
    form = PeriodForm(request.POST or None, instance=period, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            saved = period_save(actor=request.user, form=form)
            messages.success(request, _("Periode “%(p)s” tersimpan.") % {"p": saved})
            return redirect("engagement:period_report", pk=saved.pk)
        messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    cancel = reverse("engagement:period_report", args=[pk]) if pk else reverse("engagement:period_list")
    title = _("Ubah periode survei") if pk else _("Periode survei baru")
    return render(request, "engagement/form.html", {"form": form, "title": title, "cancel_url": cancel})


@office_view
def period_report_view(request, pk):
    period = get_object_or_404(SurveyPeriod.objects.prefetch_related("services"), pk=pk)
    report = selectors.skm_report(period)
    links = [{"service": s, "url": _survey_url(request, period, s)} for s in period.services.order_by("order", "name")]
    return render(
        request,
        "engagement/period_report.html",
        {
            "report": report,
            "period": period,
            "links": links,
            "survey_url": _survey_url(request, period),
            "follow_up": skm_report_files.FOLLOW_UP,
            "history": history_for(period)[:20],
        },
    )


@office_view
@require_POST
def period_close_view(request, pk):
    period = get_object_or_404(SurveyPeriod, pk=pk)
    period_close(actor=request.user, period=period)
    messages.success(request, _("Periode “%(p)s” ditutup; jawaban baru ditolak.") % {"p": period})
    return redirect("engagement:period_report", pk=pk)


@office_view
def period_xlsx_view(request, pk):
    period = get_object_or_404(SurveyPeriod, pk=pk)
    data = skm_report_files.report_xlsx(selectors.skm_report(period))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="laporan-skm-{period.pk}.xlsx"'
    return response


@office_view
def period_pdf_view(request, pk):
    period = get_object_or_404(SurveyPeriod, pk=pk)
    data = skm_report_files.report_pdf(selectors.skm_report(period))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="laporan-skm-{period.pk}.pdf"'
    return response


# --- polls ----------------------------------------------------------------------------------------------


def voter_id(request) -> str:
    try:
        return request.get_signed_cookie(VOTER_COOKIE, salt=VOTER_SALT, default="")
    except BadSignature:
        return ""


@require_POST
def poll_vote_view(request, pk):
    poll = get_object_or_404(Poll, pk=pk)
    voter = voter_id(request)
    new_voter = not voter
    if new_voter:
        voter = secrets.token_urlsafe(16)
    error = ""
    try:
        poll_vote(poll=poll, option=request.POST.get("option"), voter=voter, ip=_ip(request))
    except EngagementError as exc:
        error = str(exc)
    context = {"poll": poll, "results": selectors.poll_results(poll), "voted": not error, "error": error}
    if request.htmx:
        response = render(request, "engagement/_poll.html", context, status=200 if not error else 400)
    else:
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = poll.page_path
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Terima kasih, suara Anda tercatat."))
        response = redirect(back)
    if new_voter:
        response.set_signed_cookie(
            VOTER_COOKIE,
            voter,
            salt=VOTER_SALT,
            max_age=3 * 365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@office_view
def poll_list_view(request):
    return render(request, "engagement/poll_list.html", {"polls": selectors.poll_vote_counts_by_page()})


@office_view
@require_http_methods(["GET", "POST"])
def poll_edit_view(request, pk=None):
    poll = get_object_or_404(Poll, pk=pk) if pk else Poll()
    form = PollForm(request.POST or None, instance=poll, initial={"page_path": request.GET.get("halaman", "")})
    if request.method == "POST":
        if form.is_valid():
            saved = poll_save(actor=request.user, form=form)
            messages.success(request, _("Jajak pendapat tersimpan dan tampil di %(p)s.") % {"p": saved.page_path})
            return redirect("engagement:poll_detail", pk=saved.pk)
        messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    cancel = reverse("engagement:poll_list")
    title = _("Ubah jajak pendapat") if pk else _("Jajak pendapat baru")
    return render(request, "engagement/form.html", {"form": form, "title": title, "cancel_url": cancel})


@office_view
def poll_detail_view(request, pk):
    poll = get_object_or_404(Poll, pk=pk)
    return render(
        request,
        "engagement/poll_detail.html",
        {"poll": poll, "results": selectors.poll_results(poll), "weeks": selectors.poll_weeks(poll)},
    )


# --- ideas ----------------------------------------------------------------------------------------------


def public_ideas_view(request):
    return render(
        request,
        "engagement/ideas_public.html",
        {"counts": selectors.public_idea_counts(), "ideas": selectors.public_ideas()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_ideas_view(request):
    require_owner(request.user)
    businesses = list(Business.objects.filter(owner__user=request.user).only("pk", "name", "district_id"))
    form = IdeaForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                idea = idea_create(
                    actor=request.user,
                    data={**form.cleaned_data, "source": Idea.Source.OWNER},
                    submitted_by=request.user,
                    business=businesses[0] if businesses else None,
                    photo=form.cleaned_data.get("photo"),
                )
            except EngagementError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Usulan #%(pk)s diterima. Kami kabari perkembangannya.") % {"pk": idea.pk})
                return redirect("engagement:my_ideas")
        messages.error(request, _("Usulan belum terkirim: periksa isian yang ditandai."))
    ideas = selectors.ideas_for_user(request.user).order_by("-created_at")
    return render(
        request,
        "engagement/my_ideas.html",
        {"form": form, "ideas": ideas},
        status=400 if request.method == "POST" else 200,
    )


@idea_desk_view
def idea_list_view(request):
    ideas = selectors.ideas_for_user(request.user)
    status = request.GET.get("status", "")
    category = request.GET.get("kategori", "")
    if status in Idea.Status.values:
        ideas = ideas.filter(status=status)
    if category in Idea.Category.values:
        ideas = ideas.filter(category=category)
    grouped = request.GET.get("kelompok") != "semua"
    if grouped:
        ideas = ideas.filter(group__isnull=True)
    from django.db.models import Count

    ideas = ideas.annotate(n_members=Count("members"))[:300]
    return render(
        request,
        "engagement/idea_list.html",
        {
            "ideas": ideas,
            "status": status,
            "category": category,
            "grouped": grouped,
            "statuses": Idea.Status.choices,
            "categories": Idea.Category.choices,
        },
    )


def _get_idea(request, pk) -> Idea:
    idea = selectors.ideas_for_user(request.user).filter(pk=pk).first()
    if idea is None:
        raise Http404(_("Usulan tidak ditemukan."))
    return idea


@idea_desk_view
def idea_detail_view(request, pk):
    idea = _get_idea(request, pk)
    suggestions = []
    if request.user.is_office and idea.group_id is None:
        found = selectors.similar_ideas(idea.text, exclude=idea.pk)
        by_pk = Idea.objects.in_bulk([s["idea_id"] for s in found])
        suggestions = [{**s, "idea": by_pk[s["idea_id"]]} for s in found if s["idea_id"] in by_pk]
    return render(
        request,
        "engagement/idea_detail.html",
        {
            "idea": idea,
            "supporters": selectors.supporters(idea),
            "members": idea.members.all()[:100],
            "suggestions": suggestions,
            "form": TransitionForm(initial={"status": next(iter(sorted(TRANSITIONS[idea.status])), "")}),
            "next_statuses": [(s, Idea.Status(s).label) for s in sorted(TRANSITIONS[idea.status])],
            "whatsapp": idea_whatsapp_link(idea) if request.user.is_office else "",
            "history": history_for(idea)[:30],
            # the work-plan activities that realise the idea (office staff: the plan is theirs)
            "plan_activities": (
                idea.plan_activities.select_related("programme__plan").order_by("programme__plan__year")
                if request.user.is_office
                else []
            ),
        },
    )


@office_view
@require_POST
def idea_transition_view(request, pk):
    idea = get_object_or_404(Idea, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Status belum diubah: periksa isian."))
        return redirect("engagement:idea_detail", pk=pk)
    data = form.cleaned_data
    try:
        idea = idea_transition(
            actor=request.user,
            idea=idea,
            status=data["status"],
            reason=data["reason"],
            response=data["response"],
            program=data["program"],
            session=data["session"],
            link_label=data["link_label"],
            link_url=data["link_url"],
        )
    except EngagementError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Status usulan #%(pk)s: %(s)s.") % {"pk": idea.pk, "s": idea.get_status_display()})
    return redirect("engagement:idea_detail", pk=pk)


@office_view
@require_POST
def idea_group_view(request, pk):
    idea = get_object_or_404(Idea, pk=pk)
    try:
        if request.POST.get("ungroup"):
            idea_ungroup(actor=request.user, idea=idea)
            messages.success(request, _("Usulan dikeluarkan dari kelompok."))
        else:
            ids = [int(x) for x in request.POST.getlist("members") if x.isdigit()]
            moved = idea_group(actor=request.user, lead=idea, members=list(Idea.objects.filter(pk__in=ids)))
            messages.success(request, _("%(n)s usulan digabungkan ke kelompok ini.") % {"n": moved})
    except EngagementError as exc:
        messages.error(request, str(exc))
    return redirect("engagement:idea_detail", pk=pk)


@idea_desk_view
@require_http_methods(["GET", "POST"])
def idea_on_behalf_view(request):
    form = OnBehalfIdeaForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            from sentra.registry.selectors import businesses_for_user

            business = businesses_for_user(request.user).filter(pk=form.cleaned_data["business"]).first()
            if business is None:
                form.add_error("business", _("IKM dengan nomor ini tidak ada di wilayah Anda."))
            else:
                try:
                    source = Idea.Source.OPERATOR if request.user.role == "operator" else Idea.Source.MEETING
                    idea = idea_create(
                        actor=request.user,
                        data={**form.cleaned_data, "source": source},
                        submitted_by=business.owner.user if business.owner_id else None,
                        business=business,
                        photo=form.cleaned_data.get("photo"),
                    )
                except EngagementError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(
                        request, _("Usulan #%(pk)s dicatat atas nama %(b)s.") % {"pk": idea.pk, "b": business}
                    )
                    return redirect("engagement:idea_detail", pk=idea.pk)
        messages.error(request, _("Usulan belum tersimpan: periksa isian yang ditandai."))
    title = _("Catat usulan atas nama IKM")
    cancel = reverse("engagement:idea_list")
    return render(
        request,
        "engagement/form.html",
        {"form": form, "title": title, "cancel_url": cancel},
        status=400 if request.method == "POST" else 200,
    )


@office_view
@require_http_methods(["GET", "POST"])
def idea_batch_view(request):
    form = BatchIdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = ideas_batch(
                actor=request.user,
                rows=form.rows(),
                source=Idea.Source.MEETING,
                source_note=form.cleaned_data["source_note"],
            )
        except EngagementError as exc:
            form.add_error("lines", str(exc))
        else:
            messages.success(request, _("%(n)s usulan dicatat.") % {"n": len(created)})
            return redirect("engagement:idea_list")
    status = 400 if request.method == "POST" else 200
    title = _("Catat usulan dari rapat")
    cancel = reverse("engagement:idea_list")
    return render(request, "engagement/form.html", {"form": form, "title": title, "cancel_url": cancel}, status=status)


@office_view
@require_http_methods(["GET", "POST"])
def idea_import_view(request):
    form = IdeaImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from sentra.engagement.ideas_import import read_idea_rows

        try:
            rows = read_idea_rows(form.cleaned_data["upload"])
            created = ideas_batch(
                actor=request.user, rows=rows, source=Idea.Source.IMPORT, source_note=form.cleaned_data["source_note"]
            )
        except EngagementError as exc:
            form.add_error("upload", str(exc))
        else:
            messages.success(request, _("%(n)s usulan diimpor.") % {"n": len(created)})
            return redirect("engagement:idea_list")
    status = 400 if request.method == "POST" else 200
    title = _("Impor usulan dari berkas")
    cancel = reverse("engagement:idea_list")
    return render(request, "engagement/form.html", {"form": form, "title": title, "cancel_url": cancel}, status=status)
