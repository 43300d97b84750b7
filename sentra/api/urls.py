from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from sentra.accounts import api as accounts_api
from sentra.catalog import api as catalog_api
from sentra.dashboard import api as dashboard_api
from sentra.registry import api as registry_api

app_name = "api"
urlpatterns = [
    path("statistics", dashboard_api.statistics_view, name="statistics"),
    path("auth/token", accounts_api.token_view, name="auth_token"),
    path("businesses", registry_api.businesses_view, name="businesses"),
    path("open-data/<slug:dataset>", dashboard_api.open_data_view, name="open_data"),
    path("products", catalog_api.products_view, name="products"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
]
