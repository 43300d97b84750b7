from django.urls import path, re_path

from sentra.federation import views

app_name = "federation"
urlpatterns = [
    re_path(
        r"^data/federasi/(?P<version>terbaru|v\d+)\.(?P<fmt>json|csv)$", views.dataset_download_view, name="dataset"
    ),
    path("hub/", views.hub_view, name="hub"),
    path("hub/wilayah/<str:code>/", views.hub_regency_view, name="hub_regency"),
    path("hub/penolakan/", views.hub_rejections_view, name="hub_rejections"),
]
