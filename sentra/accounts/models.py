from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sentra.registry.pii import EncryptedTextField


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        STAFF = "staff", _("Staf")
        OPERATOR = "operator", _("Operator kecamatan")
        OWNER = "owner", _("Pemilik usaha")
        PARTNER = "partner", _("Mitra")
        BUYER = "buyer", _("Pembeli")

    role = models.CharField(_("peran"), max_length=10, choices=Role.choices, default=Role.OWNER)
    # A district operator works only in these kecamatan.
    districts = models.ManyToManyField(
        "regions.District", blank=True, related_name="operators", verbose_name=_("kecamatan tugas")
    )
    # Raised by "sign out everywhere": every session signed with the earlier value ends (get_session_auth_hash).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = pgettext_lazy("jamak", "pengguna")

    def get_session_auth_hash(self):
        base = super().get_session_auth_hash()
        if not self.session_epoch:
            return base  # unchanged for accounts that never signed out everywhere: no one is signed out by this
        from django.utils.crypto import salted_hmac

        salt = "sentra.accounts.session_epoch"
        return salted_hmac(salt, f"{base}:{self.session_epoch}", algorithm="sha256").hexdigest()

    @property
    def is_office(self) -> bool:
        """Admin or staff: sees and edits the whole registry."""
        return self.is_superuser or self.role in {self.Role.ADMIN, self.Role.STAFF}

    @property
    def can_use_registry(self) -> bool:
        return self.is_office or self.role == self.Role.OPERATOR

    @property
    def sees_personal_data(self) -> bool:
        return self.is_office or self.role == self.Role.OPERATOR


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once when issued."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = pgettext_lazy("jamak", "token API")

    def __str__(self):
        return f"{self.user} {self.prefix}…"


class LoginFailure(models.Model):
    """One failed sign-in; enough of them within SENTRA_LOCKOUT_MINUTES lock the username / address."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("gagal masuk")
        verbose_name_plural = pgettext_lazy("jamak", "gagal masuk")


class PersonalDataAccess(models.Model):
    """Every reveal of a personal value and every export with personal columns (UU 27/2022)."""

    class Kind(models.TextChoices):
        REVEAL = "reveal", _("tampilkan")
        EXPORT = "export", _("ekspor")

    user = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    what = models.CharField(_("data"), max_length=255)
    object_id = models.CharField(max_length=64, blank=True)
    rows = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("akses data pribadi")
        verbose_name_plural = pgettext_lazy("jamak", "akses data pribadi")

    def __str__(self):
        return f"{self.user} {self.kind} {self.what}"


class TotpDevice(models.Model):
    """Optional second factor (TOTP, RFC 6238) for admin and staff. The secret is encrypted at rest."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret = EncryptedTextField()
    confirmed = models.BooleanField(default=False)
    last_counter = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("perangkat verifikasi dua langkah")
        verbose_name_plural = pgettext_lazy("jamak", "perangkat verifikasi dua langkah")


class Decision(models.TextChoices):
    PENDING = "pending", _("menunggu")
    APPROVED = "approved", _("disetujui")
    REJECTED = "rejected", _("ditolak")


class BusinessClaim(models.Model):
    """An owner's account asks to be linked to a business found by NIB or NIK; staff confirm."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="claims")
    # None when the number matched no business: the claim is kept all the same, so that the answer and the
    # owner's list look the same whether or not a business holds that number (no NIB/NIK oracle); staff see
    # only claims that matched.
    business = models.ForeignKey(
        "registry.Business", null=True, blank=True, on_delete=models.CASCADE, related_name="claims"
    )
    matched_on = models.CharField(max_length=3, choices=[("nib", "NIB"), ("nik", "NIK")])
    identifier_hash = models.CharField(max_length=64, blank=True, db_index=True)  # keyed hash of the number typed
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)  # keyed hash of the address: rate limit
    status = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "business"], condition=models.Q(status="pending"), name="claim_one_pending"
            )
        ]
        verbose_name = _("klaim usaha")
        verbose_name_plural = pgettext_lazy("jamak", "klaim usaha")


class ChangeRequest(models.Model):
    """An owner's change to an identity field (business name, NIB, owner name): waits for staff review."""

    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="change_requests")
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    # {"field": [before, after]}
    changes = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("usulan perubahan")
        verbose_name_plural = pgettext_lazy("jamak", "usulan perubahan")
