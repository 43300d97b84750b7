from django.urls import path

from sentra.regions import views

app_name = "regions"
urlpatterns = [path("desa/", views.village_options_view, name="village_options")]
