from django.urls import path

from sentra.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.plan_list_view, name="plan_list"),
    path("<int:year>/", views.plan_detail_view, name="plan_detail"),
    path("<int:year>/aksi/<slug:action>/", views.plan_action_view, name="plan_action"),
    path("<int:year>/program/baru/", views.programme_edit_view, name="programme_create"),
    path("<int:year>/program/<int:pk>/", views.programme_edit_view, name="programme_edit"),
    path("<int:year>/kegiatan/baru/", views.activity_edit_view, name="activity_create"),
    path("<int:year>/kegiatan/<int:pk>/", views.activity_edit_view, name="activity_edit"),
    path("<int:year>/indikator/baru/", views.indicator_edit_view, name="indicator_create"),
    path("<int:year>/indikator/<int:pk>/", views.indicator_edit_view, name="indicator_edit"),
    path("<int:year>/indikator/<int:pk>/realisasi/", views.realisation_view, name="realisation"),
    path("<int:year>/triwulan/<int:quarter>/", views.quarter_report_view, name="quarter_report"),
    path("<int:year>/triwulan/<int:quarter>.xlsx", views.quarter_report_view, {"fmt": "xlsx"}, name="quarter_xlsx"),
    path("<int:year>/triwulan/<int:quarter>.pdf", views.quarter_report_view, {"fmt": "pdf"}, name="quarter_pdf"),
    path("<int:year>/tinjauan/", views.review_view, name="review"),
    path("<int:year>/tinjauan.xlsx", views.review_view, {"fmt": "xlsx"}, name="review_xlsx"),
    path("<int:year>/tinjauan.pdf", views.review_view, {"fmt": "pdf"}, name="review_pdf"),
]
