from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

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
