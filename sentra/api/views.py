from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from sentra.api.schema import ERRORS_PUBLIC, ERRORS_SIGNED_IN, PAGED_ERRORS, Pages, error, page_parameters, paginated
from sentra.metrics.figures import national_statistics, regency_statistics


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
                "count": serializers.IntegerField(min_value=0),
                "with_nib": serializers.IntegerField(min_value=0),
                "nib_coverage": _share,
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
        return Response(national_statistics())
    return Response(regency_statistics())


# --- auth and the registry (issue 5) ----------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


@extend_schema(
    request=TokenRequestSerializer,
    responses={
        200: inline_serializer("Token", {"token": serializers.CharField()}),
        400: error("Isian kurang, nama pengguna atau kata sandi salah, atau akun memakai verifikasi dua langkah."),
        429: error("Terlalu banyak percobaan gagal (akun dikunci sementara) atau permintaan."),
    },
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
