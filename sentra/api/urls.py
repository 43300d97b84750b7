from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from sentra.api import views
from sentra.catalog import api as catalog_api
from sentra.dashboard import api_views as dashboard_api
from sentra.engagement import api as engagement_api

app_name = "api"
urlpatterns = [
    path("statistics", views.statistics_view, name="statistics"),
    path("auth/token", views.token_view, name="auth_token"),
    path("businesses", views.businesses_view, name="businesses"),
    path("open-data/<slug:dataset>", dashboard_api.open_data_view, name="open_data"),
    path("products", catalog_api.products_view, name="products"),
    path("skm", engagement_api.skm_latest_view, name="skm_latest"),
    path("ideas/summary", engagement_api.ideas_summary_view, name="ideas_summary"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
]
