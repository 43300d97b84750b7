"""The registry's endpoint: the businesses the caller may see (routed in sentra/api/urls.py)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sentra.api.schema import ERRORS_SIGNED_IN, PAGED_ERRORS, Pages, page_parameters, paginated


class BusinessSerializer(serializers.Serializer):
    """What the API says about a business: never a NIK, an owner's phone or an address."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    district_code = serializers.CharField(source="district_id")
    district_name = serializers.CharField(source="district.name")
    village_code = serializers.CharField(source="village_id", allow_null=True)
    sector = serializers.CharField(source="sector_id")
    kbli = serializers.SerializerMethodField()
    has_nib = serializers.BooleanField()
    scale = serializers.CharField()
    market_reach = serializers.CharField()
    status = serializers.CharField()
    workers = serializers.IntegerField(source="workers_total")
    updated_at = serializers.DateTimeField()

    def get_kbli(self, obj) -> str | None:
        return obj.kbli.code if obj.kbli_id else None


def _business_filters() -> list[OpenApiParameter]:
    from sentra.registry.models import Business
    from sentra.registry.selectors import REGISTERED

    return [
        OpenApiParameter("q", str, description="Cari nama usaha, pemilik, NIB."),
        OpenApiParameter("kecamatan", str, description="Kode Kemendagri (35.22.01) atau nama kecamatan."),
        OpenApiParameter("sektor", str, description="Kode sektor, mis. food_beverage atau craft."),
        OpenApiParameter("nib", str, enum=["", "ya", "tidak"], description="kosong: semua"),
        OpenApiParameter("skala", str, enum=["", *Business.Scale.values], description="kosong: semua"),
        OpenApiParameter("pasar", str, enum=["", *Business.MarketReach.values], description="kosong: semua"),
        OpenApiParameter("status", str, enum=["", REGISTERED, *Business.Status.values], description="kosong: semua"),
    ]


BUSINESS_FILTERS = _business_filters()


@extend_schema(
    responses={
        200: paginated("PaginatedBusinessList", BusinessSerializer),
        **PAGED_ERRORS,
        **ERRORS_SIGNED_IN,
    },
    parameters=[*page_parameters(), *BUSINESS_FILTERS],
    summary="IKM yang boleh dilihat pemanggil (staf: semua, operator: kecamatannya, pemilik: usahanya)",
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def businesses_view(request):
    from sentra.registry.forms import BusinessFilterForm
    from sentra.registry.selectors import business_list, businesses_for_user, filter_businesses

    form = BusinessFilterForm(request.query_params or None)
    if form.is_bound and not form.is_valid():
        return Response({"detail": "Filter tidak sah.", "errors": form.errors}, status=400)
    qs = business_list(filter_businesses(businesses_for_user(request.user), **form.filters())).select_related("kbli")
    paginator = Pages()
    page = paginator.paginate_queryset(qs, request)
    return paginator.get_paginated_response(BusinessSerializer(page, many=True).data)
