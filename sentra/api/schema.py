"""Pieces that keep the OpenAPI schema honest for function-based views (drf-spectacular cannot see their
pagination or error responses): the paged envelope, the page parameters, the error body, and the
per-token rate limits that every endpoint shares."""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle

ErrorSchema = inline_serializer(
    "Error",
    {
        "detail": serializers.CharField(help_text="Pesan dalam bahasa Indonesia."),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Per parameter: pesan kesalahannya.",
        ),
    },
)


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSchema, description=description)


ERRORS_PUBLIC = {429: error("Terlalu banyak permintaan; lihat header Retry-After.")}
ERRORS_SIGNED_IN = {
    401: error("Tanpa token yang sah."),
    403: error("Peran ini tidak boleh memakai titik akhir ini."),
    **ERRORS_PUBLIC,
}


class BadParameter(APIException):
    """400 with the Error body: {"detail": …, "errors": {parameter: [message]}}."""

    status_code = 400

    def __init__(self, parameter: str, message: str):
        super().__init__({"detail": "Parameter tidak sah.", "errors": {parameter: [message]}})


PAGED_ERRORS = {
    400: error("Parameter tidak sah (mis. page_size di luar 1–100) atau filter tidak sah."),
    404: error("Halaman tidak ada."),
}


class Pages(PageNumberPagination):
    """?page=N (from 1; past the last page: 404) and ?page_size=M (1–100; anything else: 400, not silently
    the default as DRF would)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise BadParameter(self.page_size_query_param, f"Harus bilangan bulat 1–{self.max_page_size}.")
        return int(raw)


def page_parameters(default_size: int = 50, max_size: int = 100) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(
            "page",
            {"type": "integer", "minimum": 1},
            description="Nomor halaman, mulai 1 (sesudah yang terakhir: 404).",
        ),
        OpenApiParameter(
            "page_size",
            {"type": "integer", "minimum": 1, "maximum": max_size},
            description=f"Butir per halaman (bawaan {default_size}, paling banyak {max_size}).",
        ),
    ]


_paged_cache: dict[str, serializers.Serializer] = {}


def paginated(name: str, item) -> serializers.Serializer:
    """The envelope PageNumberPagination really returns: {count, next, previous, results: [item]}."""
    if name not in _paged_cache:
        _paged_cache[name] = inline_serializer(
            name,
            {
                "count": serializers.IntegerField(min_value=0),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": item(many=True) if isinstance(item, type) else serializers.ListField(child=item),
            },
        )
    return _paged_cache[name]


# --- Rate limits --------------------------------------------------------------------------------------------
# Per API token (or signed-in session user), and per address for anonymous callers. Rates come from
# settings at run time (SENTRA_API_RATE_ANON / SENTRA_API_RATE_TOKEN), e.g. "120/min".


class _RuntimeRateThrottle(SimpleRateThrottle):
    setting = ""

    def get_rate(self):
        return getattr(settings, self.setting, None)


class AnonRateThrottle(_RuntimeRateThrottle):
    scope = "anon"
    setting = "SENTRA_API_RATE_ANON"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenRateThrottle(_RuntimeRateThrottle):
    scope = "token"
    setting = "SENTRA_API_RATE_TOKEN"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        token = getattr(request, "auth", None)
        ident = f"t{token.pk}" if getattr(token, "pk", None) else f"u{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
