from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from sentra.api import views
from sentra.catalog import api as catalog_api

app_name = "api"
urlpatterns = [
    path("statistics", views.statistics_view, name="statistics"),
    path("products", catalog_api.products_view, name="products"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
]
