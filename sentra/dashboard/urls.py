from django.urls import path

from sentra.dashboard import open_data, views

app_name = "dashboard"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("statistik/", views.public_statistics_view, name="public_statistics"),
    path("dasbor/", views.staff_dashboard_view, name="staff"),
    path("dasbor/nasional/", views.national_dashboard_view, name="national"),
    path("dasbor/laporan/", views.report_view, name="report"),
    path("dasbor/potret/", views.snapshot_create_view, name="snapshot_create"),
    path("data/", open_data.dictionary_view, name="open_data"),
    path("data/<slug:dataset>.<str:fmt>", open_data.download_view, name="open_data_file"),
]
