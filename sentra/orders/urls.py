from django.urls import path

from sentra.orders import views

app_name = "orders"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("umum/", views.public_list_view, name="public_list"),
    path("umum/<int:pk>/", views.public_round_view, name="public_round"),
    # staff
    path("putaran/", views.round_list_view, name="round_list"),
    path("putaran/baru/", views.round_edit_view, name="round_create"),
    path("putaran/<int:pk>/", views.round_detail_view, name="round_detail"),
    path("putaran/<int:pk>/ubah/", views.round_edit_view, name="round_edit"),
    path("putaran/<int:pk>/status/", views.round_status_view, name="round_status"),
    path("putaran/<int:pk>/bagi/", views.round_allocate_view, name="round_allocate"),
    path("putaran/<int:pk>/pembagian.xlsx", views.round_export_view, name="round_export"),
    path("putaran/<int:pk>/produsen/", views.round_producers_view, name="round_producers"),
    path("instansi/", views.office_list_view, name="office_list"),
    # producers (owner self-service; staff too)
    path("produsen/<int:pk>/", views.producer_view, name="producer"),
    path("produsen/<int:pk>/spk.pdf", views.work_order_view, name="work_order"),
    # ordering offices
    path("instansi/<int:office_pk>/putaran/<int:round_pk>/", views.office_round_view, name="office_round"),
    path("instansi/<int:office_pk>/putaran/<int:round_pk>/total/", views.office_total_view, name="office_total"),
    path("instansi/<int:office_pk>/putaran/<int:round_pk>/unggah/", views.office_upload_view, name="office_upload"),
    path(
        "instansi/<int:office_pk>/putaran/<int:round_pk>/templat.xlsx",
        views.office_template_view,
        name="office_template",
    ),
    path("instansi/<int:office_pk>/putaran/<int:round_pk>/ukuran.xlsx", views.office_sizes_view, name="office_sizes"),
    path("instansi/<int:office_pk>/bayar/<int:line_pk>/", views.person_payment_view, name="person_payment"),
]
