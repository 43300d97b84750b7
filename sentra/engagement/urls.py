from django.urls import path

from sentra.engagement import views

app_name = "engagement"
urlpatterns = [
    # SKM survey: public
    path("survei/", views.survey_home_view, name="survey_home"),
    path("survei/hasil/", views.survey_public_result_view, name="survey_result"),
    path("survei/isi/<str:token>/", views.survey_form_view, name="survey_form"),
    path("survei/isi/<str:token>/terima-kasih/", views.survey_thanks_view, name="survey_thanks"),
    path("survei/isi/<str:token>/qr.svg", views.survey_qr_view, name="survey_qr"),
    # SKM survey: staff
    path("survei/kelola/", views.period_list_view, name="period_list"),
    path("survei/kelola/baru/", views.period_edit_view, name="period_create"),
    path("survei/kelola/<int:pk>/", views.period_report_view, name="period_report"),
    path("survei/kelola/<int:pk>/ubah/", views.period_edit_view, name="period_edit"),
    path("survei/kelola/<int:pk>/tutup/", views.period_close_view, name="period_close"),
    path("survei/kelola/<int:pk>/poster/", views.survey_poster_view, name="survey_poster"),
    path("survei/kelola/<int:pk>/laporan.xlsx", views.period_xlsx_view, name="period_xlsx"),
    path("survei/kelola/<int:pk>/laporan.pdf", views.period_pdf_view, name="period_pdf"),
    # quick polls
    path("jajak/<int:pk>/pilih/", views.poll_vote_view, name="poll_vote"),
    path("jajak/kelola/", views.poll_list_view, name="poll_list"),
    path("jajak/kelola/baru/", views.poll_edit_view, name="poll_create"),
    path("jajak/kelola/<int:pk>/", views.poll_detail_view, name="poll_detail"),
    path("jajak/kelola/<int:pk>/ubah/", views.poll_edit_view, name="poll_edit"),
    # ideas (aspirasi)
    path("aspirasi/", views.public_ideas_view, name="ideas_public"),
    path("aspirasi/saya/", views.my_ideas_view, name="my_ideas"),
    path("aspirasi/kelola/", views.idea_list_view, name="idea_list"),
    path("aspirasi/kelola/baru/", views.idea_on_behalf_view, name="idea_on_behalf"),
    path("aspirasi/kelola/rapat/", views.idea_batch_view, name="idea_batch"),
    path("aspirasi/kelola/impor/", views.idea_import_view, name="idea_import"),
    path("aspirasi/kelola/<int:pk>/", views.idea_detail_view, name="idea_detail"),
    path("aspirasi/kelola/<int:pk>/status/", views.idea_transition_view, name="idea_transition"),
    path("aspirasi/kelola/<int:pk>/kelompok/", views.idea_group_view, name="idea_group"),
]
