from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from sentra.api import views

app_name = "api"
urlpatterns = [
    path("statistics", views.statistics_view, name="statistics"),
    path("auth/token", views.token_view, name="auth_token"),
    path("businesses", views.businesses_view, name="businesses"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
]
