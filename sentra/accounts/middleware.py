from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header (settings.SENTRA_CSP) to every response that lacks one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "SENTRA_CSP", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response


class NulCharacterMiddleware:
    """A NUL character (%00) in a query string or a form/JSON body is refused with 400 and a plain Indonesian
    message: PostgreSQL cannot store or compare text holding one (psycopg raises, which was a 500 on every
    search box, e.g. /katalog/produk/?q=%00), and no form of Sentra has a use for it."""

    MESSAGE = "Permintaan ditolak: isian berisi karakter NUL (%00) yang tidak sah. Hapus karakter itu lalu coba lagi."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        bad = "%00" in query or "\x00" in query or "\x00" in request.path
        if not bad and request.method == "POST":
            kind = request.META.get("CONTENT_TYPE", "")
            if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
                # the form's fields (parsed once, as the CSRF check does anyway); uploaded files are not read
                bad = any("\x00" in value for _, values in request.POST.lists() for value in values)
            elif kind.startswith("application/json"):
                bad = b"\\u0000" in request.body or b"\x00" in request.body
        if bad:
            from django.http import HttpResponseBadRequest, JsonResponse

            if request.path.startswith("/api/"):  # the API answers JSON, as its schema says
                return JsonResponse({"detail": self.MESSAGE}, status=400)
            return HttpResponseBadRequest(self.MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
