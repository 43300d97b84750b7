"""Work plan pages (office staff; approval by an admin). POST → service → redirect; a refused form keeps
what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentra.accounts.access import require_office
from sentra.core.audit import history_for
from sentra.planning import render as tables
from sentra.planning import reports, services
from sentra.planning.forms import (
    ActivityForm,
    IndicatorForm,
    PlanCreateForm,
    ProgrammeForm,
    RealisationForm,
    RevisionForm,
)
from sentra.planning.models import Activity, Indicator, Programme, WorkPlan
from sentra.planning.selectors import (
    chart_svg,
    get_plan,
    indicator_rows,
    plan_page,
    programme_budgets,
    quarter_of,
    quarter_report,
)


def office_view(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        require_office(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def _plan_url(plan):
    return reverse("planning:plan_detail", args=[plan.year])


@office_view
def plan_list_view(request):
    form = PlanCreateForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["copy_from"]:
                source = WorkPlan.objects.filter(year=data["copy_from"]).first()
                if source is None:
                    raise services.PlanError(_("Rencana tahun %(y)s tidak ada.") % {"y": data["copy_from"]})
                plan = services.plan_copy(actor=request.user, source=source, year=data["year"])
            else:
                plan = services.plan_create(actor=request.user, year=data["year"], title=data["title"])
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Rencana kerja %(y)s dibuat.") % {"y": plan.year})
            return redirect(_plan_url(plan))
    return render(request, "planning/plan_list.html", {"plans": WorkPlan.objects.all(), "form": form})


@office_view
def plan_detail_view(request, year):
    plan = get_plan(year)
    context = plan_page(plan)
    for row in context["rows"]:
        row.chart = mark_safe(chart_svg(row))  # noqa: S308 - built from numbers and an escaped name
    revision = plan.open_revision if plan.status == WorkPlan.Status.APPROVED else None
    editable = _editable(plan, request.user, revision)
    context.update(
        {
            "plan": plan,
            "revision": revision,
            "editable": editable,
            "activities_html": tables.activity_tables(plan, context["programmes"], editable),
            "indicator_html": tables.indicator_rows_html(plan, context["rows"], editable=editable, actions=True),
            "is_admin": request.user.is_superuser or request.user.role == "admin",
            "history": history_for(plan)[:20],
            "revision_form": RevisionForm(),
            "quarter": quarter_of(timezone.localdate()) if plan.year == timezone.localdate().year else 4,
        }
    )
    return render(request, "planning/plan_detail.html", context)


def _editable(plan, user, revision) -> bool:
    if not user.is_office or plan.status == WorkPlan.Status.SUBMITTED:
        return False
    return plan.status == WorkPlan.Status.DRAFT or revision is not None


@office_view
@require_POST
def plan_action_view(request, year, action):
    plan = get_plan(year)
    actions = {
        "kirim": lambda: services.plan_submit(actor=request.user, plan=plan),
        "setujui": lambda: services.plan_approve(actor=request.user, plan=plan),
        "kembalikan": lambda: services.plan_return(actor=request.user, plan=plan),
        "tutup-revisi": lambda: services.revision_close(actor=request.user, plan=plan),
        "revisi": lambda: services.revision_open(actor=request.user, plan=plan, reason=request.POST.get("reason", "")),
    }
    if action not in actions:
        raise Http404
    try:
        actions[action]()
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Tersimpan."))
    return redirect(_plan_url(plan))


def _form_page(request, form, title, cancel):
    return render(request, "planning/form.html", {"form": form, "title": title, "cancel_url": cancel})


@office_view
def programme_edit_view(request, year, pk=None):
    plan = get_plan(year)
    programme = get_object_or_404(Programme, pk=pk, plan=plan) if pk else None
    initial = {"name": programme.name, "order": programme.order} if programme else None
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(
                actor=request.user,
                plan=plan,
                programme=programme,
                name=form.cleaned_data["name"],
                order=form.cleaned_data["order"] or 0,
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(_plan_url(plan))
    return _form_page(request, form, _("Program rencana kerja"), _plan_url(plan))


@office_view
def activity_edit_view(request, year, pk=None):
    plan = get_plan(year)
    activity = get_object_or_404(Activity, pk=pk, programme__plan=plan) if pk else None
    programme = activity.programme if activity else None
    if programme is None:
        programme = get_object_or_404(
            Programme, plan=plan, pk=request.GET.get("program") or request.POST.get("programme_id") or 0
        )
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        for fk in ("responsible_user", "responsible_partner", "program", "session", "order_round", "idea"):
            obj = data.pop(fk)
            data[f"{fk}_id"] = obj.pk if obj else None
        try:
            services.activity_save(
                actor=request.user,
                programme=programme,
                activity=activity,
                data=data,
                expected_version=form.cleaned_data.get("version"),
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(_plan_url(plan))
    title = _("Kegiatan · %(p)s") % {"p": programme.name}
    page = _form_page(request, form, title, _plan_url(plan))
    return page


@office_view
def indicator_edit_view(request, year, pk=None):
    plan = get_plan(year)
    indicator = get_object_or_404(Indicator, pk=pk, plan=plan) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        programme = data.pop("programme")
        data["programme_id"] = programme.pk if programme else None
        data["order"] = data.get("order") or 0
        try:
            services.indicator_save(
                actor=request.user,
                plan=plan,
                indicator=indicator,
                data=data,
                expected_version=form.cleaned_data.get("version"),
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(_plan_url(plan))
    return _form_page(request, form, _("Indikator kinerja"), _plan_url(plan))


@office_view
def realisation_view(request, year, pk):
    plan = get_plan(year)
    indicator = get_object_or_404(Indicator, pk=pk, plan=plan)
    form = RealisationForm(
        request.POST or None,
        initial={"version": indicator.version, "value": indicator.manual_value, "evidence": indicator.evidence},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.realisation_record(
                actor=request.user,
                indicator=indicator,
                value=form.cleaned_data["value"],
                evidence=form.cleaned_data["evidence"],
                expected_version=form.cleaned_data.get("version"),
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(_plan_url(plan))
    return _form_page(request, form, _("Realisasi: %(n)s") % {"n": indicator.name}, _plan_url(plan))


def _quarter(quarter):
    if quarter not in (1, 2, 3, 4):
        raise Http404
    return quarter


@office_view
def quarter_report_view(request, year, quarter, fmt="html"):
    plan = get_plan(year)
    rows = quarter_report(plan, _quarter(quarter))
    if request.method == "POST":
        indicator = get_object_or_404(Indicator, pk=request.POST.get("indicator") or 0, plan=plan)
        try:
            services.quarter_note_save(
                actor=request.user, indicator=indicator, quarter=quarter, obstacles=request.POST.get("obstacles", "")
            )
        except services.PlanError as exc:
            messages.error(request, str(exc))
        return redirect(reverse("planning:quarter_report", args=[year, quarter]))
    name = f"realisasi-{year}-tw{quarter}"
    if fmt == "xlsx":
        return _download(reports.quarter_xlsx(plan, quarter, rows), f"{name}.xlsx", XLSX)
    if fmt == "pdf":
        return _download(reports.quarter_pdf(plan, quarter, rows), f"{name}.pdf", "application/pdf")
    return render(
        request,
        "planning/quarter_report.html",
        {"plan": plan, "quarter": quarter, "rows": rows, "quarters": (1, 2, 3, 4)},
    )


@office_view
def review_view(request, year, fmt="html"):
    plan = get_plan(year)
    rows = indicator_rows(plan)
    budgets = programme_budgets(plan)
    if fmt == "xlsx":
        return _download(reports.review_xlsx(plan, rows, budgets), f"tinjauan-{year}.xlsx", XLSX)
    if fmt == "pdf":
        return _download(reports.review_pdf(plan, rows, budgets), f"tinjauan-{year}.pdf", "application/pdf")
    for row in rows:
        row.chart = mark_safe(chart_svg(row))  # noqa: S308
    context = {
        "plan": plan,
        "rows": rows,
        "budgets": budgets,
        "indicator_html": tables.indicator_rows_html(plan, rows, editable=False, actions=False),
    }
    return render(request, "planning/review.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


__all__ = ["PermissionDenied"]
