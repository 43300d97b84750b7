"""API endpoints of the registry (routed by sentra/api/urls.py)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response


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


@extend_schema(
    responses=BusinessSerializer(many=True),
    summary="IKM yang boleh dilihat pemanggil (staf: semua, operator: kecamatannya, pemilik: usahanya)",
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def businesses_view(request):
    from rest_framework.pagination import PageNumberPagination

    from sentra.registry.forms import BusinessFilterForm
    from sentra.registry.selectors import business_list, businesses_for_user, filter_businesses

    form = BusinessFilterForm(request.query_params or None)
    if form.is_bound and not form.is_valid():
        return Response({"detail": "Filter tidak sah.", "errors": form.errors}, status=400)
    qs = business_list(filter_businesses(businesses_for_user(request.user), **form.filters())).select_related("kbli")
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(qs, request)
    return paginator.get_paginated_response(BusinessSerializer(page, many=True).data)
