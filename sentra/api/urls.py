from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from sentra.accounts import api as accounts_api
from sentra.catalog import api as catalog_api
from sentra.dashboard import api as dashboard_api
from sentra.engagement import api as engagement_api
from sentra.federation import api as federation_api
from sentra.orders import api as orders_api
from sentra.planning import api as planning_api
from sentra.programs import api as programs_api
from sentra.registry import api as registry_api

app_name = "api"
urlpatterns = [
    path("statistics", dashboard_api.statistics_view, name="statistics"),
    path("auth/token", accounts_api.token_view, name="auth_token"),
    path("businesses", registry_api.businesses_view, name="businesses"),
    path("open-data", dashboard_api.open_data_list_view, name="open_data_list"),
    path("open-data/<str:dataset>", dashboard_api.open_data_view, name="open_data"),
    path("products", catalog_api.products_view, name="products"),
    path("programs", programs_api.programs_view, name="programs"),
    path("sessions", programs_api.sessions_view, name="sessions"),
    path("federation/datasets", federation_api.dataset_push_view, name="federation_push"),
    path("federation/rejections", federation_api.rejections_view, name="federation_rejections"),
    path("work-plans/<int:year>", planning_api.work_plan_view, name="work_plan"),
    path("skm", engagement_api.skm_latest_view, name="skm_latest"),
    path("ideas/summary", engagement_api.ideas_summary_view, name="ideas_summary"),
    path("order-rounds", orders_api.rounds_view, name="order_rounds"),
    path("order-rounds/<str:pk>", orders_api.round_view, name="order_round"),
    path("order-rounds/<str:pk>/allocation", orders_api.allocation_view, name="order_round_allocation"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
]
