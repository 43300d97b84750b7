from django.urls import path

from sentra.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("templat.xlsx", views.template_view, name="template"),
    path("ekspor/", views.export_view, name="export"),
    path("<int:pk>/", views.batch_view, name="batch"),
    path("<int:pk>/kolom/", views.mapping_view, name="mapping"),
    path("<int:pk>/progres/", views.progress_view, name="progress"),
    path("<int:pk>/simpan/", views.commit_view, name="commit"),
    path("<int:pk>/batal/", views.undo_view, name="undo"),
    path("<int:pk>/kesalahan.xlsx", views.errors_view, name="errors"),
]
