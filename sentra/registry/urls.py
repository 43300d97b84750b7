from django.urls import path

from sentra.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.business_list_view, name="business_list"),
    path("baru/", views.business_create_view, name="business_create"),
    path("<int:pk>/", views.business_detail_view, name="business_detail"),
    path("<int:pk>/ubah/", views.business_edit_view, name="business_edit"),
]
