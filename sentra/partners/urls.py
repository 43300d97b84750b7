from django.urls import path

from sentra.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.collaboration_view, name="collaboration"),
    path("mitra/<int:pk>/", views.organisation_view, name="organisation"),
    path("perjanjian/", views.agreement_list_view, name="agreement_list"),
    path("perjanjian/baru/", views.agreement_edit_view, name="agreement_create"),
    path("perjanjian/<int:pk>/", views.agreement_edit_view, name="agreement_edit"),
    path("perjanjian/<int:pk>/dokumen/", views.agreement_document_view, name="agreement_document"),
    path("komitmen/baru/", views.commitment_edit_view, name="commitment_create"),
    path("komitmen/<int:pk>/", views.commitment_edit_view, name="commitment_edit"),
    path("komitmen/<int:pk>/serahkan/", views.delivery_view, name="delivery"),
    path("pemberitahuan/<int:pk>/tutup/", views.notice_dismiss_view, name="notice_dismiss"),
]
