"""The accounts app's endpoint: an API token for a user name and password (routed in sentra/api/urls.py)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sentra.api.schema import error


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
