from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from sentra.accounts.access import require_registry_user
from sentra.dashboard import selectors
from sentra.dashboard.forms import MAP_METRICS, DashboardFilterForm
from sentra.metrics.disclosure import public_regency_statistics
from sentra.metrics.figures import FIGURES, national_statistics
from sentra.metrics.services import snapshot_take
from sentra.regions import home
from sentra.registry.selectors import districts_for_user


def home_view(request):
    return redirect("dashboard:public_statistics")


@cache_control(public=True, max_age=300)
def public_statistics_view(request):
    code = home.regency_code()
    from sentra.metrics.activity import activity_figures

    stats = selectors.decorate(public_regency_statistics(code), None)
    year = timezone.localdate().year
    context = {
        "stats": stats,
        "activity": activity_figures(year, public=True),
        "activity_year": year,
        "figures": FIGURES,
        "as_of": timezone.localdate(),
        "map": selectors.choropleth(stats, code, metric=_public_map_metric(request)),
        "map_metrics": MAP_METRICS,
        "months": selectors.registration_columns(stats),
    }
    return render(request, "dashboard/public_statistics.html", context)


def _public_map_metric(request) -> str:
    metric = request.GET.get("peta", "")
    return metric if metric in dict(MAP_METRICS) else "jumlah"


def _dashboard_context(request):
    code = home.regency_code()
    form = DashboardFilterForm(request.GET or None, regency_code=code, districts=districts_for_user(request.user))
    filters = form.filters()
    figures = selectors.dashboard_figures(code, filters, period=form.period(), metric=form.map_metric())
    stats, as_of = figures["stats"], figures["as_of"]
    compare = None
    if form.compare():
        other, other_date = selectors.statistics_for(code, filters, form.compare())
        compare = {"date": other_date, "rows": selectors.comparison(other, stats)}
    query = request.GET.copy()
    query.pop("peta", None)
    return {
        "form": form,
        "filters": filters,
        "stats": stats,
        "as_of": as_of or timezone.localdate(),
        "is_snapshot": as_of is not None,
        "compare": compare,
        "map": figures["map"],
        "months": figures["months"],
        "fragment_key": figures["fragment_key"],
        "series": selectors.snapshot_series(code, filters),
        "query": query.urlencode(),
        "map_metrics": MAP_METRICS,
        "scope": selectors.scope_names(filters),
    }


@login_required
def staff_dashboard_view(request):
    from sentra.metrics.activity import activity_figures, top_leads

    require_registry_user(request.user)
    year = timezone.localdate().year
    context = _dashboard_context(request)
    context.update(
        activity=activity_figures(year),
        activity_year=year,
        leads=top_leads(districts=context["filters"].districts),
    )
    return render(request, "dashboard/staff_dashboard.html", context)


@login_required
def report_view(request):
    """The printable report (A4 from the browser); ?unduh=xlsx downloads the same tables."""
    require_registry_user(request.user)
    context = _dashboard_context(request)
    if request.GET.get("unduh") == "xlsx":
        from sentra.dashboard.report import report_xlsx_response

        return report_xlsx_response(context)
    if request.GET.get("unduh"):
        raise Http404(_("Format unduhan tidak dikenal; gunakan unduh=xlsx."))
    return render(request, "dashboard/report.html", context)


@login_required
@require_POST
def snapshot_create_view(request):
    if not request.user.is_office:
        raise PermissionDenied(_("Hanya staf kantor yang dapat menyimpan potret data."))
    snap = snapshot_take()
    messages.success(request, _("Potret data per %(date)s tersimpan.") % {"date": snap.taken_on.strftime("%d-%m-%Y")})
    return redirect("dashboard:staff")


@login_required
def national_dashboard_view(request):
    """The national roll-up (all provinces) from the province-level tally; filters as on the dashboard."""
    require_registry_user(request.user)
    form = DashboardFilterForm(request.GET or None, regency_code=home.regency_code(), by_district=False)
    stats = selectors.decorate(national_statistics(form.filters()), None)
    context = {
        "form": form,
        "stats": stats,
        "as_of": timezone.localdate(),
        "months": selectors.registration_columns(stats),
    }
    return render(request, "dashboard/national_dashboard.html", context)
