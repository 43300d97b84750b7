from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from sentra.metrics.figures import national_statistics, regency_statistics

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


# --- auth and the registry (issue 5) ----------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


@extend_schema(
    request=TokenRequestSerializer,
    responses=inline_serializer("Token", {"token": serializers.CharField()}),
    summary="Minta token API (dipakai sebagai Authorization: Bearer <token>)",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def token_view(request):
    from django.contrib.auth import authenticate

    from sentra.accounts import services as account_services
    from sentra.accounts.api_auth import token_issue

    data = TokenRequestSerializer(data=request.data)
    if not data.is_valid():
        return Response({"detail": "Isi username dan password."}, status=400)
    from sentra.accounts.network import client_ip

    username, ip = data.validated_data["username"], client_ip(request._request)
    why, wait = account_services.login_wait(username=username, ip=ip)
    if why:
        response = Response({"detail": "Terlalu banyak percobaan gagal; akun dikunci sementara."}, status=429)
        response["Retry-After"] = str(wait * 60 if why == "locked" else wait)
        return response
    user = authenticate(request._request, username=username, password=data.validated_data["password"])
    if user is None:
        account_services.login_failed(username=username, ip=ip)
        return Response({"detail": "Nama pengguna atau kata sandi salah."}, status=400)
    if getattr(user, "totp", None) is not None and user.totp.confirmed:
        return Response({"detail": "Akun dengan verifikasi dua langkah memakai token dari halaman akun."}, status=400)
    account_services.login_succeeded(username=username)
    return Response({"token": token_issue(user=user)})


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
