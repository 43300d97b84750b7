"""GET /api/v1/order-rounds, /api/v1/order-rounds/{id} and /api/v1/order-rounds/{id}/allocation — uniform
order rounds, read-only.

The list and one round's summary are public (rate-limited, no personal data): the same data as the public
round page, read through the same selector (selectors.public_round): the rule, the unit prices and how they
were set, producers and pieces per kecamatan, business names only where the owner agreed. The allocation
(which producer makes which of an office's pieces) is for signed-in office staff (all offices) and buyers
(their own offices only)."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from sentra.api.schema import (
    ERRORS_PUBLIC,
    ERRORS_SIGNED_IN,
    PAGED_ERRORS,
    BadParameter,
    Pages,
    error,
    page_parameters,
    paginated,
)
from sentra.orders import selectors
from sentra.orders.models import Round, Technique

RULE = (
    "Sainte-Laguë/Webster dengan batas: tiap produsen mendapat bagian sebanding bobotnya (kapasitas × tambahan "
    "bobot), tidak pernah melebihi kapasitasnya, dan 0 atau paling sedikit pesanan minimal. Bila nilainya sama "
    "persis, yang didahulukan produsen yang lebih dulu terdaftar di putaran."
)


class RoundItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(
        help_text="open (pendataan kebutuhan), allocated (sudah dibagi) atau closed (selesai)."
    )
    declare_opens = serializers.DateField()
    declare_closes = serializers.DateField()
    response_deadline = serializers.DateField()
    delivery_deadline = serializers.DateField()
    payer = serializers.ChoiceField(choices=Round.Payer.choices)


class RuleSerializer(serializers.Serializer):
    method = serializers.CharField(help_text="Aturan pembagian dalam kalimat.")
    min_batch = serializers.IntegerField(min_value=1, help_text="Pesanan minimal per produsen (potong).")
    boost_pkw = serializers.FloatField(help_text="Pengali bobot IKM lulusan PKW.")
    boost_first_time = serializers.FloatField(help_text="Pengali bobot IKM yang belum pernah mendapat pesanan.")


class PriceSerializer(serializers.Serializer):
    garment = serializers.CharField()
    unit = serializers.CharField()
    technique = serializers.ChoiceField(choices=Technique.choices)
    unit_price = serializers.IntegerField(min_value=1, help_text="Rupiah per satuan.")


class DistrictSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Kode Kemendagri kecamatan.")
    name = serializers.CharField()
    producers = serializers.IntegerField(min_value=0)
    pieces = serializers.IntegerField(min_value=0)


class NamedProducerSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Nama usaha (pemiliknya setuju diumumkan).")
    district = serializers.CharField()
    pieces = serializers.IntegerField(min_value=0)


class RoundSummarySerializer(RoundItemSerializer):
    rule = RuleSerializer()
    price_note = serializers.CharField(help_text="Cara harga ditetapkan.")
    prices = PriceSerializer(many=True)
    districts = DistrictSerializer(many=True)
    producers = NamedProducerSerializer(many=True)
    producers_unnamed = serializers.IntegerField(
        min_value=0, help_text="Produsen yang mendapat bagian tetapi tidak ingin namanya diumumkan."
    )


class AllocationLineSerializer(serializers.Serializer):
    office_id = serializers.IntegerField()
    office = serializers.CharField(source="office.name")
    producer_id = serializers.IntegerField()
    producer = serializers.CharField(source="producer.business.name", help_text="Nama usaha produsen.")
    producer_district = serializers.CharField(source="producer.business.district.name")
    garment = serializers.CharField(source="garment.name")
    technique = serializers.ChoiceField(choices=Technique.choices)
    size = serializers.CharField()
    pieces = serializers.IntegerField(min_value=1)
    unit_price = serializers.IntegerField(min_value=1)
    amount = serializers.SerializerMethodField(help_text="pieces × unit_price, rupiah.")

    def get_amount(self, obj) -> int:
        return obj.pieces * obj.unit_price


ROUND_ID = OpenApiParameter(
    "id", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH, description="Id putaran (lihat daftar putaran)."
)


def _round_id(raw) -> int:
    """The path's round id; anything but a positive integer is a JSON 404 like an unknown round."""
    if not (str(raw).isascii() and str(raw).isdigit()) or not 1 <= int(raw) < 2**31:
        raise NotFound("Putaran tidak ditemukan.")
    return int(raw)


def round_summary_data(rnd: Round) -> dict:
    data = selectors.public_round(rnd)
    return {
        **RoundItemSerializer(rnd).data,
        "rule": {
            "method": RULE,
            "min_batch": rnd.min_batch,
            "boost_pkw": float(rnd.boost_pkw),
            "boost_first_time": float(rnd.boost_first_time),
        },
        "price_note": rnd.price_note,
        "prices": [
            {"garment": g.name, "unit": g.unit, "technique": p.technique, "unit_price": p.unit_price}
            for g in data["garments"]
            for p in g.prices.all()
        ],
        "districts": [
            {
                "code": d["producer__business__district__code"],
                "name": d["producer__business__district__name"],
                "producers": d["producers"],
                "pieces": d["pieces"],
            }
            for d in data["districts"]
        ],
        "producers": [
            {
                "name": n["producer__business__name"],
                "district": n["producer__business__district__name"],
                "pieces": n["pieces"],
            }
            for n in data["named"]
        ],  # fmt: skip
        "producers_unnamed": data["unnamed"],
    }


ROUND_EXAMPLE = {
    "id": 4,
    "title": "Seragam Obor Sewu 2026 tahap 1",
    "status": "allocated",
    "declare_opens": "2026-01-05",
    "declare_closes": "2026-01-20",
    "response_deadline": "2026-01-27",
    "delivery_deadline": "2026-03-01",
    "payer": "office",
}


@extend_schema(
    operation_id="order_rounds_list",
    summary="Putaran pesanan seragam Obor Sewu (publik, bukan draf), terbaru dulu",
    parameters=page_parameters(),
    responses={200: paginated("PaginatedOrderRoundList", RoundItemSerializer), **PAGED_ERRORS, **ERRORS_PUBLIC},
    examples=[
        OpenApiExample(
            "Putaran",
            value={"count": 1, "next": None, "previous": None, "results": [ROUND_EXAMPLE]},
            response_only=True,
        )
    ],
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def rounds_view(request):
    paginator = Pages()
    page = paginator.paginate_queryset(selectors.public_rounds(), request)
    return paginator.get_paginated_response(RoundItemSerializer(page, many=True).data)


@extend_schema(
    operation_id="order_rounds_retrieve",
    summary="Ringkasan publik satu putaran: aturan, harga, produsen dan potong per kecamatan, nama usaha yang "
    "boleh diumumkan",
    parameters=[ROUND_ID],
    responses={
        200: RoundSummarySerializer,
        404: error("Putaran tidak ada (atau masih draf)."),
        **ERRORS_PUBLIC,
    },
    examples=[
        OpenApiExample(
            "Ringkasan",
            value={
                **ROUND_EXAMPLE,
                "rule": {"method": RULE, "min_batch": 10, "boost_pkw": 1.2, "boost_first_time": 1.2},
                "price_note": "Harga rata-rata tiga penawaran IKM, disepakati 2 Januari 2026.",
                "prices": [
                    {"garment": "Kemeja lengan panjang", "unit": "potong", "technique": "cap", "unit_price": 175000}
                ],
                "districts": [{"code": "35.22.05", "name": "Dander", "producers": 3, "pieces": 420}],
                "producers": [{"name": "Batik Jonegoroan Sekar", "district": "Dander", "pieces": 180}],
                "producers_unnamed": 2,
            },  # fmt: skip
            response_only=True,
        )
    ],
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def round_view(request, pk):
    rnd = selectors.public_rounds().filter(pk=_round_id(pk)).first()
    if rnd is None:
        raise NotFound("Putaran tidak ditemukan.")
    return Response(round_summary_data(rnd))


@extend_schema(
    operation_id="order_rounds_allocation",
    summary="Pembagian satu putaran per baris (instansi × produsen × jenis × teknik × ukuran): staf semua "
    "instansi, pembeli hanya instansinya",
    parameters=[
        ROUND_ID,
        OpenApiParameter(
            "instansi", {"type": "integer", "minimum": 1}, description="Id instansi pemesan (dalam cakupan pemanggil)."
        ),
        *page_parameters(),
    ],
    responses={
        200: paginated("PaginatedOrderAllocationList", AllocationLineSerializer),
        **PAGED_ERRORS,
        404: error("Putaran tidak ada, atau halaman sesudah yang terakhir."),
        **ERRORS_SIGNED_IN,
    },
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def allocation_view(request, pk):
    user = request.user
    if not (user.is_office or user.role == user.Role.BUYER):
        raise ApiPermissionDenied("Pembagian hanya untuk staf Dekranasda dan instansi pemesan.")
    rnd = Round.objects.filter(pk=_round_id(pk)).first()
    if rnd is None or (rnd.status == Round.Status.DRAFT and not user.is_office):
        raise NotFound("Putaran tidak ditemukan.")
    qs = selectors.allocation_lines_for_user(user, rnd)
    raw = request.query_params.get("instansi")
    if raw is not None:
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) < 2**31:
            raise BadParameter("instansi", "Harus id instansi (bilangan bulat ≥ 1).")
        qs = qs.filter(office_id=int(raw))
    paginator = Pages()
    page = paginator.paginate_queryset(qs, request)
    return paginator.get_paginated_response(AllocationLineSerializer(page, many=True).data)
