from django.contrib.auth import views as auth_views
from django.urls import path

from sentra.accounts import views, views_owner

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.signup_view, name="signup"),
    path("sandi/lupa/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "sandi/lupa/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("sandi/atur/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("sandi/ganti/", views.PasswordChangeView.as_view(), name="password_change"),
    path("dua-langkah/", views.totp_setup_view, name="totp_setup"),
    path("keamanan/", views.security_view, name="security"),
    path("pengguna/", views.user_list_view, name="user_list"),
    path("pengguna/baru/", views.user_create_view, name="user_create"),
    path("pengguna/<int:pk>/", views.user_edit_view, name="user_edit"),
    path("pengguna/<int:pk>/sandi/", views.user_password_reset_view, name="user_password_reset"),
    path("usaha/", views_owner.my_businesses_view, name="my_businesses"),
    path("usaha/klaim/", views_owner.claim_view, name="claim"),
    path("usaha/<int:pk>/ubah/", views_owner.owner_business_edit_view, name="owner_business_edit"),
    path("usaha/<int:pk>/izin/", views_owner.owner_permit_add_view, name="owner_permit_add"),
    path("tinjauan/", views_owner.review_queue_view, name="review_queue"),
    path("tinjauan/klaim/<int:pk>/", views_owner.claim_decide_view, name="claim_decide"),
    path("tinjauan/perubahan/<int:pk>/", views_owner.change_decide_view, name="change_decide"),
    path("undang/<int:pk>/", views_owner.invite_view, name="invite"),
]
