from django.shortcuts import render
from django.views.decorators.http import require_GET

from sentra.regions.resolver import resolve_district
from sentra.regions.selectors import villages_of


@require_GET
def village_options_view(request):
    """<option>s of the desa of a kecamatan, for the htmx-driven desa select."""
    field = request.GET.get("kecamatan_field", "kecamatan")
    value = request.GET.get(field, "")
    villages = []
    if value:
        resolution = resolve_district(value)
        if resolution.ok:
            villages = villages_of(resolution.value.code)
    return render(request, "regions/_village_options.html", {"villages": villages})
