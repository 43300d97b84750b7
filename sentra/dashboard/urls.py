from django.urls import path

from sentra.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("statistik/", views.public_statistics_view, name="public_statistics"),
]
