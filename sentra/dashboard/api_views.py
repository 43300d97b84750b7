from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sentra.api.schema import ERRORS_PUBLIC, PAGED_ERRORS, Pages, error, page_parameters, paginated
from sentra.dashboard.open_data import COLUMNS, DATASETS, HIDDEN, dataset_rows


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
