"""Catalog URLs, included at the site root: /katalog/… (Indonesian), /en/catalog/… (English),
/katalog/kelola/… (back office), /sitemap.xml and /robots.txt."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import path, reverse
from django.views.decorators.cache import cache_page

from sentra.catalog import manage_views, views
from sentra.catalog.i18n import in_language
from sentra.catalog.sitemaps import SITEMAPS

app_name = "catalog"

# name, Indonesian route, English route, view
PUBLIC = [
    ("home", "katalog/", "en/catalog/", views.home_view),
    ("list", "katalog/produk/", "en/catalog/products/", views.product_list_view),
    (
        "product",
        "katalog/produk/<int:pk>-<slug:slug>/",
        "en/catalog/products/<int:pk>-<slug:slug>/",
        views.product_detail_view,
    ),
    ("inquiry", "katalog/produk/<int:pk>/tanya/", "en/catalog/products/<int:pk>/inquiry/", views.inquiry_view),
    ("qr", "katalog/produk/<int:pk>/qr.svg", "en/catalog/products/<int:pk>/qr.svg", views.product_qr_view),
    ("label", "katalog/produk/<int:pk>/label/", "en/catalog/products/<int:pk>/label/", views.product_label_view),
    ("producer", "katalog/produsen/<int:pk>/", "en/catalog/producers/<int:pk>/", views.producer_view),
]


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /akun/",
        "Disallow: /ikm/",
        "Disallow: /admin/",
        "Disallow: /katalog/kelola/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('catalog:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


urlpatterns = [
    path("katalog/kelola/", manage_views.manage_list_view, name="manage_list"),
    path("katalog/kelola/produk/baru/", manage_views.manage_product_view, name="manage_product_new"),
    path("katalog/kelola/produk/<int:pk>/", manage_views.manage_product_view, name="manage_product"),
    path("katalog/kelola/usaha/", manage_views.manage_business_options_view, name="manage_business_options"),
    path("katalog/kelola/produk/<int:pk>/foto/", manage_views.manage_photo_view, name="manage_photo"),
    path(
        "katalog/kelola/produk/<int:pk>/foto/<int:photo_pk>/hapus/",
        manage_views.manage_photo_delete_view,
        name="manage_photo_delete",
    ),
    path("katalog/kelola/produk/<int:pk>/kurasi/", manage_views.manage_curate_view, name="manage_curate"),
    path("katalog/kelola/profil/<int:business_pk>/", manage_views.manage_profile_view, name="manage_profile"),
    path("katalog/kelola/prospek/", manage_views.manage_leads_view, name="manage_leads"),
    path("katalog/kelola/prospek/<int:pk>/status/", manage_views.manage_lead_status_view, name="manage_lead_status"),
    path("sitemap.xml", cache_page(3600)(sitemap_views.sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]
for name, route_id, route_en, view in PUBLIC:
    urlpatterns.append(path(route_id, in_language("id", view), name=name))
    urlpatterns.append(path(route_en, in_language("en", view), name=f"{name}_en"))
