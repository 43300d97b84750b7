"""Change history: every create, update and delete of registry data is recorded here."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeLog(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("dibuat")
        UPDATE = "update", _("diubah")
        DELETE = "delete", _("dihapus")

    # Every read names both (history_for, undo, merge): the (content_type, object_id) index below serves them, and
    # indexes of each column alone only cost the writers (an import logs two rows per business).
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, db_index=False)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=255)
    action = models.CharField(max_length=10, choices=Action.choices)
    # {"field": [old, new], ...}; personal values are stored masked.
    changes = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=40, blank=True, help_text=_("mis. web, admin, impor, seed_demo"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("riwayat perubahan")
        verbose_name_plural = _("riwayat perubahan")

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr} ({self.created_at:%Y-%m-%d %H:%M})"
