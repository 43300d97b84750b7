"""Regency side: the signed datasets for download. Hub side (SENTRA_MODE=hub): the roll-up page with a
choropleth of provinces or of one province's regencies, freshness per regency, history and refusals."""

from functools import lru_cache

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from sentra.accounts.access import require_office
from sentra.dashboard import maps
from sentra.federation import selectors
from sentra.federation.models import Member, Publication
from sentra.regions.loader import national_rows


@lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    return {r["code"]: r["name"] for r in national_rows("provinces.csv")}


def _require_hub():
    if settings.SENTRA_MODE != "hub":
        raise Http404(_("Halaman ini hanya ada pada instalasi hub (SENTRA_MODE=hub)."))


@cache_control(public=True, max_age=300)
def dataset_download_view(request, version: str, fmt: str):
    """/data/federasi/terbaru.json, /data/federasi/v3.json, /data/federasi/v3.csv"""
    if version == "terbaru":
        publication = Publication.objects.order_by("-version").first()
    else:
        publication = Publication.objects.filter(version=int(version.lstrip("v"))).first()
    if publication is None:
        message = _("Belum ada data federasi yang diterbitkan (jalankan federation_publish).")
        return JsonResponse({"detail": message}, status=404)
    if fmt == "json":
        return HttpResponse(publication.envelope, content_type="application/json; charset=utf-8")
    if fmt == "csv":
        response = HttpResponse(publication.csv, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="sentra-federasi-v{publication.version}.csv"'
        return response
    raise Http404(_("Format tidak dikenal; gunakan .json atau .csv."))


def _choropleth(level: str, province_code: str, values: dict[str, int], names: dict[str, str], links: dict):
    geo = maps.national_shapes(level, province_code)
    bounds = maps.classes(list(values.values()))
    regions = []
    for code, d in geo["paths"].items():
        value = values.get(code)
        x, y = geo["labels"].get(code, (0, 0))
        regions.append(
            {
                "code": code,
                "name": names.get(code, geo["names"].get(code, code)),
                "d": d,
                "fill": maps.colour(value or 0, bounds),
                "value": "–" if value is None else f"{value:,}".replace(",", "."),
                "href": links.get(code, ""),
                "x": x,
                "y": y,
            }
        )
    legend, low = [], 0
    for bound, fill in zip(bounds, maps.PALETTE):
        legend.append({"fill": fill, "label": f"{round(low):,} – {round(bound):,}".replace(",", ".")})
        low = bound
    return {
        "width": geo["width"],
        "height": geo["height"],
        "regions": regions,
        "legend": legend,
        "labels": level == "regencies",
    }


def hub_view(request):
    _require_hub()
    province = request.GET.get("provinsi", "") or settings.SENTRA_HUB_PROVINCE
    if province and province not in _provinces():
        raise Http404(_("Kode provinsi tidak dikenal."))
    today = timezone.localdate()
    # The page body (roll-up, map, tables) is rendered once per hub state and language (see selectors.cached).
    body = selectors.cached(
        ("hub-page", province, get_language()),
        today,
        lambda data: render_to_string(
            "federation/_hub_body.html",
            {**_page(data, province), "province": province, "province_name": _provinces().get(province, "")},
        ),
    )
    return render(
        request, "federation/hub.html", {"body": mark_safe(body), "province_name": _provinces().get(province, "")}
    )


def _page(data: dict, province: str) -> dict:
    provinces = _provinces()
    if province:
        values = {r["code"]: r["total"] for r in data["regencies"] if r["total"] is not None}
        names = {r["code"]: r["name"] for r in data["regencies"]}
        links = {r["code"]: r["public_url"] for r in data["regencies"] if r["public_url"]}
        return {
            "data": data,
            "map": _choropleth("regencies", province, values, names, links),
            "areas": data["regencies"],
        }
    values = {code: p["total"] for code, p in data["provinces"].items()}
    links = {code: f"?provinsi={code}" for code in provinces}
    areas = [
        {
            "code": code,
            "name": name,
            "href": f"?provinsi={code}",
            "members": data["members_per_province"].get(code, 0),
            **data["provinces"].get(code, {"total": None, "with_nib": None, "reporting": 0}),
        }
        for code, name in provinces.items()
    ]
    return {"data": data, "map": _choropleth("provinces", "", values, provinces, links), "areas": areas}


def hub_regency_view(request, code: str):
    """History of one regency's datasets at the hub (drill-through from the tables)."""
    _require_hub()
    member = Member.objects.filter(regency_code=code).first()
    if member is None:
        raise Http404(_("Wilayah ini tidak terdaftar di hub."))
    return render(request, "federation/hub_regency.html", {"member": member, "history": selectors.history(code)})


@login_required
def hub_rejections_view(request):
    _require_hub()
    require_office(request.user)
    return render(request, "federation/hub_rejections.html", {"rejections": selectors.rejections()})
