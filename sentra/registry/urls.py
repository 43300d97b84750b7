from django.urls import path

from sentra.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.business_list_view, name="business_list"),
    path("baru/", views.business_create_view, name="business_create"),
    path("duplikat/", views.duplicates_view, name="duplicates"),
    path("duplikat/gabung/", views.merge_view, name="merge"),
    path("<int:pk>/", views.business_detail_view, name="business_detail"),
    path("<int:pk>/ubah/", views.business_edit_view, name="business_edit"),
    path("<int:pk>/izin/<int:permit_id>/dokumen/", views.permit_document_view, name="permit_document"),
    path("<int:pk>/nik/", views.owner_nik_reveal_view, name="owner_nik_reveal"),
    path("<int:pk>/riwayat/<int:entry_id>/pulihkan/", views.business_restore_view, name="business_restore"),
]
