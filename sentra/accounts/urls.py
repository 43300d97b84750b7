from django.contrib.auth import views as auth_views
from django.urls import path

from sentra.accounts.views import account, owner

app_name = "accounts"
urlpatterns = [
    path("masuk/", account.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", account.signup_view, name="signup"),
    path("sandi/lupa/", account.PasswordResetView.as_view(), name="password_reset"),
    path(
        "sandi/lupa/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("sandi/atur/<uidb64>/<token>/", account.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("sandi/ganti/", account.PasswordChangeView.as_view(), name="password_change"),
    path("dua-langkah/", account.totp_setup_view, name="totp_setup"),
    path("keamanan/", account.security_view, name="security"),
    path("pengguna/", account.user_list_view, name="user_list"),
    path("pengguna/baru/", account.user_create_view, name="user_create"),
    path("pengguna/<int:pk>/", account.user_edit_view, name="user_edit"),
    path("pengguna/<int:pk>/sandi/", account.user_password_reset_view, name="user_password_reset"),
    path("usaha/", owner.my_businesses_view, name="my_businesses"),
    path("usaha/klaim/", owner.claim_view, name="claim"),
    path("usaha/<int:pk>/ubah/", owner.owner_business_edit_view, name="owner_business_edit"),
    path("usaha/<int:pk>/izin/", owner.owner_permit_add_view, name="owner_permit_add"),
    path("tinjauan/", owner.review_queue_view, name="review_queue"),
    path("tinjauan/klaim/<int:pk>/", owner.claim_decide_view, name="claim_decide"),
    path("tinjauan/perubahan/<int:pk>/", owner.change_decide_view, name="change_decide"),
    path("undang/<int:pk>/", owner.invite_view, name="invite"),
]
