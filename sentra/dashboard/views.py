from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from sentra.metrics.figures import FIGURES, regency_statistics


def home_view(request):
    return redirect("dashboard:public_statistics")


@cache_control(public=True, max_age=300)
def public_statistics_view(request):
    stats = regency_statistics()
    max_count = max((row["count"] for row in stats["by_district"]), default=0) or 1
    for row in stats["by_district"]:
        row["bar"] = round(100 * row["count"] / max_count)
    for row in stats["by_sector"]:
        row["share"] = round(100 * row["count"] / stats["total"], 1) if stats["total"] else 0
    return render(
        request,
        "dashboard/public_statistics.html",
        {"stats": stats, "figures": FIGURES, "as_of": timezone.localdate()},
    )
