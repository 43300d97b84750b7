"""The dashboard's public endpoints: statistics and open data (routed in sentra/api/urls.py)."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sentra.api.schema import ERRORS_PUBLIC, PAGED_ERRORS, Pages, error, page_parameters, paginated
from sentra.dashboard.open_data import COLUMNS, DATASETS, HIDDEN, dataset_rows
from sentra.metrics.disclosure import public_national_statistics, public_regency_statistics


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "enum": [HIDDEN]}]})
class CountOrHiddenField(serializers.Field):
    """A count, or "<3" for a small cell that is not published."""


OpenDataRow = inline_serializer(
    "OpenDataRow",
    {
        "kode_kecamatan": serializers.CharField(help_text=COLUMNS["kode_kecamatan"]),
        "kecamatan": serializers.CharField(help_text=COLUMNS["kecamatan"]),
        "kode_kategori": serializers.CharField(help_text=COLUMNS["kode_kategori"]),
        "kategori": serializers.CharField(help_text=COLUMNS["kategori"]),
        "jumlah_ikm": CountOrHiddenField(help_text=COLUMNS["jumlah_ikm"]),
        "ikm_bernib": CountOrHiddenField(required=False, help_text=COLUMNS["ikm_bernib"]),
    },
    many=True,
)
OpenDataSchema = inline_serializer(
    "OpenData",
    {
        "dataset": serializers.ChoiceField(choices=list(DATASETS)),
        "judul": serializers.CharField(),
        "data": OpenDataRow,
    },
)
DatasetSchema = inline_serializer(
    "OpenDataset",
    {
        "dataset": serializers.ChoiceField(choices=list(DATASETS)),
        "judul": serializers.CharField(),
        "url": serializers.URLField(),
    },
)


@extend_schema(
    operation_id="open_data_list",
    summary="Daftar data terbuka (publik)",
    parameters=page_parameters(),
    responses={
        200: paginated("PaginatedOpenDatasetList", DatasetSchema),
        **PAGED_ERRORS,
        **ERRORS_PUBLIC,
    },
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def open_data_list_view(request):
    items = [
        {
            "dataset": name,
            "judul": spec["title"],
            "url": request.build_absolute_uri(reverse("api:open_data", args=[name])),
        }
        for name, spec in DATASETS.items()
    ]
    paginator = Pages()
    return paginator.get_paginated_response(paginator.paginate_queryset(items, request))


@extend_schema(
    responses={200: OpenDataSchema, 404: error("Data terbuka ini tidak ada."), **ERRORS_PUBLIC},
    summary="Data terbuka IKM per kecamatan (publik, sel kecil disembunyikan)",
    parameters=[
        OpenApiParameter("dataset", str, OpenApiParameter.PATH, enum=list(DATASETS)),
        OpenApiParameter("kecamatan", str, description="Hanya baris kecamatan ini (kode Kemendagri, mis. 35.22.01)."),
        OpenApiParameter("kategori", str, description="Hanya baris kategori ini (kode_kategori)."),
    ],
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def open_data_view(request, dataset: str):
    """Public open data (aggregates per kecamatan; cells of 1–2 IKM shown as "<3")."""
    if dataset not in DATASETS:
        raise NotFound("Data terbuka ini tidak ada. Pilihan: " + ", ".join(DATASETS))
    rows = dataset_rows(dataset)
    district, category = request.GET.get("kecamatan"), request.GET.get("kategori")
    if district:
        rows = [r for r in rows if r["kode_kecamatan"] == district]
    if category:
        rows = [r for r in rows if r["kode_kategori"] == category]
    return Response({"dataset": dataset, "judul": DATASETS[dataset]["title"], "data": rows})


# --- statistics ---


def _items(name, fields):
    return inline_serializer(name, fields, many=True)


_share = serializers.FloatField(min_value=0, max_value=100, help_text="persen dari total, 0–100")
StatisticsSchema = inline_serializer(
    "Statistics",
    {
        "regency": serializers.CharField(
            allow_null=True, help_text="Kode Kemendagri kabupaten/kota; null pada tingkat nasional."
        ),
        "total": serializers.IntegerField(min_value=0, help_text="IKM yang tidak tutup."),
        "districts": serializers.IntegerField(min_value=0, help_text="Wilayah dengan sedikitnya satu IKM."),
        "districts_total": serializers.IntegerField(min_value=0),
        "with_nib": serializers.IntegerField(min_value=0),
        "nib_coverage": _share,
        "by_sector": _items(
            "StatisticsSector",
            {
                "code": serializers.CharField(help_text="food_beverage, craft, …"),
                "label": serializers.CharField(),
                "label_en": serializers.CharField(),
                "count": serializers.IntegerField(min_value=0),
                "with_nib": serializers.IntegerField(min_value=0),
                "share": _share,
            },
        ),
        "by_district": _items(
            "StatisticsArea",
            {
                "code": serializers.CharField(help_text="Kode Kemendagri kecamatan (nasional: provinsi)."),
                "name": serializers.CharField(),
                "count": serializers.IntegerField(min_value=0, help_text="IKM yang tidak tutup; selalu tepat."),
                "with_nib": serializers.IntegerField(
                    min_value=0,
                    allow_null=True,
                    help_text="IKM ber-NIB; null bila disembunyikan (kontrol pengungkapan: jumlahnya atau jumlah "
                    "IKM tanpa NIB 1 atau 2, atau disembunyikan agar angka kecil lain tidak dapat dihitung).",
                ),
                "nib_coverage": serializers.FloatField(
                    min_value=0, max_value=100, allow_null=True, help_text="persen; null bila with_nib disembunyikan"
                ),
                "suppressed": serializers.ListField(
                    child=serializers.ChoiceField(choices=["with_nib", "nib_coverage"]),
                    help_text="Nama angka baris ini yang disembunyikan (null); kosong bila tidak ada.",
                ),
            },
        ),
        "by_scale": _items(
            "StatisticsScale",
            {
                "code": serializers.CharField(),
                "label": serializers.CharField(),
                "count": serializers.IntegerField(min_value=0),
                "share": _share,
            },
        ),
        "by_market": _items(
            "StatisticsMarket",
            {
                "code": serializers.CharField(),
                "label": serializers.CharField(),
                "count": serializers.IntegerField(min_value=0),
                "share": _share,
            },
        ),
        "exporters": serializers.IntegerField(min_value=0),
        "with_capacity": serializers.IntegerField(min_value=0, help_text="IKM yang mencatat kapasitas produksi."),
        "permit_coverage": _items(
            "StatisticsPermit",
            {
                "code": serializers.CharField(),
                "label": serializers.CharField(),
                "count": serializers.IntegerField(min_value=0),
                "coverage": _share,
            },
        ),
        "workers": inline_serializer(
            "StatisticsWorkers",
            {
                "male": serializers.IntegerField(min_value=0),
                "female": serializers.IntegerField(min_value=0),
                "unknown": serializers.IntegerField(min_value=0, help_text="belum dirinci laki-laki/perempuan"),
                "total": serializers.IntegerField(min_value=0),
            },
        ),
        "registrations": _items(
            "StatisticsMonth",
            {"month": serializers.CharField(help_text="YYYY-MM"), "count": serializers.IntegerField(min_value=0)},
        ),
    },
)
LEVELS = ["nasional"]


@extend_schema(
    responses={200: StatisticsSchema, 400: error("Nilai tingkat tidak dikenal."), **ERRORS_PUBLIC},
    summary="Statistik IKM kabupaten (publik, agregat saja)",
    parameters=[
        OpenApiParameter(
            "tingkat", str, enum=LEVELS, description="nasional: rekap semua provinsi (by_district berisi provinsi)"
        )
    ],
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def statistics_view(request):
    level = request.GET.get("tingkat")
    if level is not None and level not in LEVELS:
        return Response(
            {"detail": "Nilai tingkat tidak dikenal.", "errors": {"tingkat": ["Pilihan: " + ", ".join(LEVELS) + "."]}},
            status=400,
        )
    if level == "nasional":  # national roll-up: by_district lists provinces
        return Response(public_national_statistics())
    return Response(public_regency_statistics())
