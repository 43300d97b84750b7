"""Hub API: regencies push their signed datasets here with their own push key."""

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sentra.federation import services
from sentra.federation.models import Rejection

MAX_BYTES = 20 * 1024 * 1024


@extend_schema(
    request={"application/json": {"type": "object"}},
    responses={
        201: OpenApiResponse(description="diterima"),
        400: OpenApiResponse(description="ditolak, dengan alasan"),
        401: OpenApiResponse(description="kunci kirim tidak dikenal"),
        404: OpenApiResponse(description="instalasi ini bukan hub (SENTRA_MODE=hub)"),
        409: OpenApiResponse(description="ditolak: lebih lama dari dataset yang sudah ada"),
        413: OpenApiResponse(description="berkas dataset terlalu besar"),
    },
    summary="Hub: kirim dataset federasi bertanda tangan (Authorization: Bearer <kunci kirim wilayah>)",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([])
def dataset_push_view(request):
    if settings.SENTRA_MODE != "hub":
        raise NotFound("Instalasi ini bukan hub (SENTRA_MODE=hub).")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    key = header[7:].strip() if header.startswith("Bearer ") else ""
    sender = services.member_for_push_key(key)
    if sender is None:
        return Response(
            {"accepted": False, "reason": "Kunci kirim tidak dikenal; minta kunci wilayah ke admin hub."}, status=401
        )
    raw = request.body
    if len(raw) > MAX_BYTES:
        return Response({"accepted": False, "reason": "Berkas dataset terlalu besar."}, status=413)
    result = services.dataset_ingest(raw, channel="push", sender=sender)
    if isinstance(result, Rejection):
        status = 409 if result.kind == Rejection.Kind.OLDER else 400
        return Response({"accepted": False, "kind": result.kind, "reason": result.reason}, status=status)
    return Response(
        {"accepted": True, "regency_code": sender.regency_code, "version": result.version, "as_of": result.as_of},
        status=201,
    )


@extend_schema(
    responses={
        200: OpenApiResponse(description="penolakan dataset wilayah ini, terbaru dahulu"),
        401: OpenApiResponse(description="kunci kirim tidak dikenal"),
        404: OpenApiResponse(description="instalasi ini bukan hub (SENTRA_MODE=hub)"),
    },
    summary="Hub: alasan penolakan dataset wilayah pemilik kunci kirim (Authorization: Bearer <kunci kirim>)",
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def rejections_view(request):
    """What a regency's admins read to learn why the hub refused their datasets (their own only)."""
    if settings.SENTRA_MODE != "hub":
        raise NotFound("Instalasi ini bukan hub (SENTRA_MODE=hub).")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    member = services.member_for_push_key(header[7:].strip() if header.startswith("Bearer ") else "")
    if member is None:
        return Response({"detail": "Kunci kirim tidak dikenal; minta kunci wilayah ke admin hub."}, status=401)
    rows = Rejection.objects.filter(member=member).order_by("-received_at", "-id")[:100]
    return Response(
        {
            "regency_code": member.regency_code,
            "latest_version": member.latest_version,
            "rejections": [
                {
                    "received_at": r.received_at,
                    "version": r.version,
                    "kind": r.kind,
                    "reason": r.reason,
                    "channel": r.channel,
                }
                for r in rows
            ],
        }
    )
