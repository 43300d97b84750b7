from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sentra.dashboard.open_data import DATASETS, dataset_rows

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
