from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sentra.accounts import services, totp
from sentra.accounts.models import User
from sentra.accounts.network import client_ip
from sentra.regions.selectors import districts_of_home_regency
from sentra.registry.models import Permit


class LoginForm(AuthenticationForm):
    """Sign-in with lockout after repeated failures and, when set up, a TOTP code."""

    otp = forms.CharField(
        label=_("Kode autentikator (bila diaktifkan)"),
        required=False,
        help_text=_(
            "Verifikasi dua langkah: bila akun Anda memakainya, isi 6 angka yang tampil di aplikasi autentikator "
            "ponsel Anda (mis. Google Authenticator, Aegis, FreeOTP); angkanya berganti tiap 30 detik. "
            "Bila akun Anda tidak memakainya, kosongkan."
        ),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request)
        why, wait = services.login_wait(username=username, ip=ip)
        if why == "locked":
            raise ValidationError(
                _("Terlalu banyak percobaan masuk yang gagal. Akun dikunci sementara; coba lagi dalam %(m)s menit.")
                % {"m": wait},
                code="locked",
            )
        if why == "delay":
            raise ValidationError(
                _("Terlalu banyak percobaan masuk yang gagal untuk akun ini. Coba lagi dalam %(s)s detik.")
                % {"s": wait},
                code="delay",
            )
        try:
            super().clean()
        except ValidationError:
            services.login_failed(username=username, ip=ip)
            raise
        if not totp.verify_for_login(self.user_cache, self.cleaned_data.get("otp") or ""):
            services.login_failed(username=username, ip=ip)
            self.user_cache = None
            raise ValidationError(_("Kode autentikator salah atau belum diisi."), code="otp")
        services.login_succeeded(username=username)
        return self.cleaned_data


class SignupForm(UserCreationForm):
    first_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "email"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.role = User.Role.OWNER
        if commit:
            user.save()
        return user


class ClaimForm(forms.Form):
    identifier = forms.CharField(
        label=_("NIB usaha (13 angka) atau NIK pemilik (16 angka)"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class OwnerBusinessForm(forms.Form):
    """What an owner may keep up to date. Identity fields go to staff review; the rest apply at once."""

    name = forms.CharField(label=_("Nama usaha"), max_length=200)
    nib = forms.CharField(label=_("NIB"), max_length=20, required=False)
    owner_name = forms.CharField(label=_("Nama pemilik"), max_length=150)
    products = forms.CharField(label=_("Produk utama"), max_length=255, required=False)
    phone = forms.CharField(label=_("Telepon/WA usaha"), max_length=30, required=False)
    phone_public = forms.BooleanField(label=_("Nomor boleh tampil publik"), required=False)
    address = forms.CharField(label=_("Alamat usaha"), max_length=255, required=False)
    workers_male = forms.IntegerField(label=_("Tenaga kerja laki-laki"), min_value=0)
    workers_female = forms.IntegerField(label=_("Tenaga kerja perempuan"), min_value=0)
    monthly_capacity = forms.IntegerField(label=_("Kapasitas per bulan"), min_value=0, required=False)
    capacity_unit = forms.CharField(label=_("Satuan kapasitas"), max_length=30, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_nib(self):
        from sentra.registry.validators import normalize_nib

        raw = self.cleaned_data.get("nib") or ""
        return normalize_nib(raw) if raw.strip() else ""

    def clean_phone(self):
        from sentra.registry.validators import normalize_phone

        raw = self.cleaned_data.get("phone") or ""
        return normalize_phone(raw) if raw.strip() else ""


class PermitUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis izin"), choices=[c for c in Permit.Kind.choices if c[0] != "nib"])
    number = forms.CharField(label=_("Nomor"), max_length=60)
    issued_on = forms.DateField(
        label=_("Tanggal terbit"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=_("Berlaku sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    document = forms.FileField(label=_("Dokumen (PDF/JPG/PNG, maks. 5 MB)"), required=False)

    def clean_document(self):
        from sentra.registry.validators import validate_permit_document

        doc = self.cleaned_data.get("document")
        if doc:
            validate_permit_document(doc)
        return doc

    def clean(self):
        from sentra.registry import rules

        data = super().clean()
        for name, check in (("issued_on", rules.check_permit_issued), ("expires_on", rules.check_permit_expires)):
            if data.get(name):
                try:
                    check(data[name])
                except ValidationError as exc:
                    self.add_error(name, exc)
        if data.get("issued_on") and data.get("expires_on") and data["expires_on"] < data["issued_on"]:
            self.add_error("expires_on", _("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."))
        return data


class UserAdminForm(forms.ModelForm):
    """Admins set a user's role, kecamatan scope and whether the account is active."""

    class Meta:
        model = User
        fields = ["first_name", "email", "role", "districts", "is_active"]
        widgets = {"districts": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = districts_of_home_regency()

    def clean(self):
        data = super().clean()
        if data.get("role") == User.Role.OPERATOR and not data.get("districts"):
            self.add_error("districts", _("Operator kecamatan harus punya minimal satu kecamatan tugas."))
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail pemilik (opsional)"), required=False)


class TotpConfirmForm(forms.Form):
    code = forms.CharField(label=_("Kode 6 angka dari aplikasi autentikator"), max_length=6)


class UserCreateForm(UserAdminForm):
    """A new colleague: the admin sets who and what; the person sets their own password from an e-mail link."""

    class Meta(UserAdminForm.Meta):
        fields = ["username", "first_name", "email", "role", "districts", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
