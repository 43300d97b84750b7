from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("sentra.dashboard.urls")),
    path("akun/", include("sentra.accounts.urls")),
    path("ikm/", include("sentra.registry.urls")),
    path("impor/", include("sentra.imports.urls")),
    path("wilayah/", include("sentra.regions.urls")),
    path("api/v1/", include("sentra.api.urls")),
    path("", include("sentra.catalog.urls")),
    path("program/", include("sentra.programs.urls")),
    path("", include("sentra.federation.urls")),
    path("rencana/", include("sentra.planning.urls")),
    path("kemitraan/", include("sentra.partners.urls")),
    path("", include("sentra.engagement.urls")),
    path("pesanan/", include("sentra.orders.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler500 = "sentra.ops.faults.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
