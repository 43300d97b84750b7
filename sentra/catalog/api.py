"""GET /api/v1/products?q=… — public, paginated, published products only, no personal data."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny

from sentra.api.schema import ERRORS_PUBLIC, PAGED_ERRORS, Pages, page_parameters, paginated
from sentra.catalog.selectors import filter_public, in_public_order, public_products


class ProductItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    category = serializers.CharField()
    business_name = serializers.CharField(source="business.name")
    district_code = serializers.CharField(source="business.district_id")
    price_min = serializers.IntegerField(allow_null=True)
    price_max = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url("id"))


class ProductPagination(Pages):
    page_size = 24


@extend_schema(
    summary="Produk katalog yang tayang (publik); q mencari dalam bahasa Indonesia dan Inggris",
    parameters=[
        OpenApiParameter("q", str, description="kata pencarian; salah ketik kecil dimaafkan"),
        *page_parameters(default_size=24),
    ],
    responses={
        200: paginated("PaginatedProductList", ProductItemSerializer),
        **PAGED_ERRORS,
        **ERRORS_PUBLIC,
    },
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def products_view(request):
    qs = filter_public(public_products(), q=request.query_params.get("q", "").strip()[:100])
    qs = in_public_order(qs.select_related("business"))
    paginator = ProductPagination()
    page = paginator.paginate_queryset(qs, request)
    data = ProductItemSerializer(page, many=True, context={"request": request}).data
    return paginator.get_paginated_response(data)
