"""API tokens: `POST /api/v1/auth/token` issues one, `Authorization: Bearer <token>` uses it."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from sentra.accounts.models import ApiToken


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, user) -> str:
    """A new token for `user`; only its hash is kept, so the caller must hand it out now."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        key_hash=_digest(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=settings.SENTRA_API_TOKEN_DAYS),
    )
    return key


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Header Authorization harus berbentuk: Bearer <token>.")
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Token tidak sah.") from None
        token = ApiToken.objects.select_related("user").filter(key_hash=_digest(key)).first()
        if token is None or token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed("Token tidak sah atau sudah kedaluwarsa.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("Akun tidak aktif.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Describes the bearer token in the OpenAPI schema."""

    target_class = "sentra.accounts.api_auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Token dari POST /api/v1/auth/token"}
