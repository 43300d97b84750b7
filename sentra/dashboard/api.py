"""API endpoints of the dashboard: public statistics and open data (routed by sentra/api/urls.py)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sentra.dashboard.open_data import DATASETS, dataset_rows
from sentra.metrics.figures import national_statistics, regency_statistics

OpenDataSchema = inline_serializer(
    "OpenData",
    {
        "dataset": serializers.CharField(),
        "judul": serializers.CharField(),
        "data": serializers.ListField(child=serializers.DictField()),
    },
)


@extend_schema(responses=OpenDataSchema, summary="Data terbuka IKM per kecamatan (publik, sel kecil disembunyikan)")
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def open_data_view(request, dataset: str):
    """Public open data (aggregates per kecamatan; cells of 1–2 IKM shown as "<3")."""
    if dataset not in DATASETS:
        raise NotFound("Data terbuka ini tidak ada. Pilihan: " + ", ".join(DATASETS))
    return Response({"dataset": dataset, "judul": DATASETS[dataset]["title"], "data": dataset_rows(dataset)})


StatisticsSchema = inline_serializer(
    "Statistics",
    {
        "regency": serializers.CharField(),
        "total": serializers.IntegerField(),
        "districts": serializers.IntegerField(),
        "districts_total": serializers.IntegerField(),
        "with_nib": serializers.IntegerField(),
        "nib_coverage": serializers.FloatField(),
        "by_sector": serializers.ListField(child=serializers.DictField()),
        "by_district": serializers.ListField(child=serializers.DictField()),
    },
)


@extend_schema(
    responses=StatisticsSchema,
    summary="Statistik IKM kabupaten (publik, agregat saja)",
    parameters=[OpenApiParameter("tingkat", str, enum=["nasional"], description="nasional: rekap semua provinsi")],
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def statistics_view(request):
    if request.GET.get("tingkat") == "nasional":  # national roll-up: by_district lists provinces
        return Response(national_statistics())
    return Response(regency_statistics())
