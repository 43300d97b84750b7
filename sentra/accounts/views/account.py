"""Sign-in, sign-up, second factor, API tokens, and the admin's user management."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sentra.accounts import services, totp
from sentra.accounts.access import require_admin, require_office
from sentra.accounts.forms import LoginForm, SignupForm, TotpConfirmForm, UserAdminForm, UserCreateForm
from sentra.accounts.models import User
from sentra.core.confirm import confirmation


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return role_home(self.request.user)


def role_home(user) -> str:
    """Where each role starts after signing in: its own home, not someone else's page."""
    if user.can_use_registry:
        return reverse_lazy("dashboard:staff")  # office and operators (scoped to their kecamatan there)
    if user.role == User.Role.OWNER:
        return reverse_lazy("accounts:my_businesses")
    if user.role == User.Role.PARTNER:
        return reverse_lazy("programs:partner_home")
    if user.role == User.Role.BUYER:
        return reverse_lazy("orders:home")  # a buyer's office declares its uniform needs there
    return reverse_lazy("dashboard:public_statistics")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"title": gettext_lazy("Lupa kata sandi")}


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    extra_context = {"title": gettext_lazy("Ganti kata sandi")}

    def form_valid(self, form):
        messages.success(self.request, _("Kata sandi sudah diganti."))
        return super().form_valid(form)

    def get_success_url(self):
        return self.request.path


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@require_http_methods(["GET", "POST"])
def signup_view(request):
    """An owner creates an account; with an invitation link it is linked to the business at once."""
    invite = request.GET.get("undangan") or request.POST.get("undangan") or ""
    invite_data = None
    if invite:
        try:
            invite_data = services.invite_read(invite)
        except services.AccountError as exc:
            messages.error(request, str(exc))
            invite = ""
    form = SignupForm(request.POST or None, initial={"email": (invite_data or {}).get("e", "")})
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if invite:
            try:
                business = services.signup_with_invite(user=user, token=invite)
            except services.AccountError as exc:
                messages.warning(request, str(exc))
            else:
                messages.success(request, _("Akun Anda terhubung dengan IKM “%(n)s”.") % {"n": business.name})
        else:
            messages.success(request, _("Akun dibuat. Sekarang klaim usaha Anda dengan NIB atau NIK."))
        return redirect("accounts:my_businesses")
    return render(
        request, "accounts/signup.html", {"form": form, "invite": invite, "title": _("Buat akun pemilik usaha")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def totp_setup_view(request):
    require_office(request.user)
    device = totp.device_for(request.user)
    if request.method == "POST" and request.POST.get("action") == "start":
        device = totp.device_start(request.user)
    elif request.method == "POST" and device is not None:
        form = TotpConfirmForm(request.POST)
        if form.is_valid() and totp.device_confirm(device, form.cleaned_data["code"]):
            messages.success(request, _("Verifikasi dua langkah aktif. Masuk berikutnya meminta kode."))
            return redirect("accounts:totp_setup")
        messages.error(request, _("Kode salah. Periksa jam ponsel dan coba lagi."))
    return render(
        request,
        "accounts/totp_setup.html",
        {
            "device": device,
            "uri": totp.provisioning_uri(device) if device and not device.confirmed else "",
            "form": TotpConfirmForm(),
        },
    )


@login_required
def user_list_view(request):
    require_admin(request.user)
    q = request.GET.get("q", "").strip()
    return render(request, "accounts/user_list.html", {"users": services.users_search(q)[:200], "q": q})


@login_required
@require_http_methods(["GET", "POST"])
def user_create_view(request):
    require_admin(request.user)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = services.user_create(actor=request.user, form=form, request=request)
            messages.success(
                request,
                _("Pengguna %(u)s dibuat; tautan untuk mengatur kata sandi dikirim ke %(e)s.")
                % {"u": user.username, "e": user.email},
            )
            return redirect("accounts:user_list")
        messages.error(request, _("Belum tersimpan: periksa isian yang ditandai."))
    return render(request, "accounts/user_edit.html", {"form": form, "target": None})


@login_required
@require_POST
def user_password_reset_view(request, pk):
    require_admin(request.user)
    target = get_object_or_404(User, pk=pk)
    page = confirmation(
        request,
        title=_("Atur ulang kata sandi %(u)s?") % {"u": target.username},
        consequences=[
            _("Kata sandi lama %(u)s tidak berlaku lagi.") % {"u": target.username},
            _("Kata sandi sementara ditampilkan sekali kepada Anda; sampaikan langsung kepada penggunanya."),
            _("Penguncian karena salah masuk dicabut. Pengguna sebaiknya segera mengganti kata sandinya."),
        ],
        confirm_label=_("Ya, atur ulang"),
        cancel_url=reverse("accounts:user_edit", args=[target.pk]),
    )
    if page:
        return page
    temporary = services.user_password_reset(actor=request.user, user=target)
    messages.warning(
        request,
        _("Kata sandi sementara %(u)s: %(p)s — catat sekarang; tidak ditampilkan lagi.")
        % {"u": target.username, "p": temporary},
    )
    return redirect("accounts:user_edit", pk=target.pk)


@login_required
@require_http_methods(["GET", "POST"])
def user_edit_view(request, pk):
    require_admin(request.user)
    target = get_object_or_404(User, pk=pk)
    form = UserAdminForm(request.POST or None, instance=target)
    if request.method == "POST":
        if form.is_valid():
            services.user_save(actor=request.user, form=form)
            messages.success(request, _("Pengguna %(u)s tersimpan.") % {"u": target.username})
            return redirect("accounts:user_list")
        messages.error(request, _("Belum tersimpan: periksa isian yang ditandai."))
    return render(request, "accounts/user_edit.html", {"form": form, "target": target})


@login_required
@require_http_methods(["GET", "POST"])
def security_view(request):
    """The user's own API tokens (revoke one) and "sign out everywhere" (every session and token)."""
    from django.contrib.auth import logout

    if request.method == "POST":
        if request.POST.get("action") == "everywhere":
            revoked = services.sign_out_everywhere(user=request.user)
            logout(request)
            messages.success(
                request, _("Anda keluar dari semua perangkat; %(n)s token API dicabut.") % {"n": revoked}
            )
            return redirect("accounts:login")
        if services.token_revoke(user=request.user, token_id=request.POST.get("token") or 0):
            messages.success(request, _("Token API dicabut."))
        else:
            messages.error(request, _("Token tidak ditemukan (mungkin sudah dicabut)."))
        return redirect("accounts:security")
    return render(request, "accounts/security.html", {"tokens": services.tokens_of(request.user)})
