"""Import batches: who imported which file when, what it did, and how to undo it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportBatch(models.Model):
    """One uploaded (or CLI) file and its life: mapped → checked (dry run) → committed → maybe undone.

    The web flow queues work for the background worker by setting `status` to a *_QUEUED value;
    the worker claims it with a conditional UPDATE (see services.claim_next_batch)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("diunggah")
        CHECK_QUEUED = "check_q", _("menunggu pemeriksaan")
        CHECKING = "checking", _("sedang diperiksa")
        CHECKED = "checked", _("siap disimpan")
        COMMIT_QUEUED = "commit_q", _("menunggu penyimpanan")
        COMMITTING = "commit", _("sedang disimpan")
        COMMITTED = "done", _("tersimpan")
        FAILED = "failed", _("gagal")
        UNDONE = "undone", _("dibatalkan")

    class OnMatch(models.TextChoices):
        SKIP = "skip", _("lewati (jangan ubah data lama)")
        UPDATE = "update", _("perbarui data lama")

    file_name = models.CharField(_("nama berkas"), max_length=255)
    file_hash = models.CharField(_("SHA-256 berkas"), max_length=64)
    stored_file = models.CharField(max_length=500, blank=True, help_text="path of the uploaded copy (web flow)")
    source = models.CharField(max_length=10, default="web")  # web / cli
    mapping = models.JSONField(default=dict, blank=True)  # column index (str) → field name
    on_match = models.CharField(max_length=6, choices=OnMatch.choices, default=OnMatch.SKIP)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED, db_index=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)  # dry-run summary: errors, first actions, candidates
    message = models.TextField(blank=True)  # failure text (Indonesian)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=60, blank=True)
    # the sealed "before" snapshots of its updated records were deleted: it can no longer be undone (undo_data.py)
    undo_purged = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("batch impor")
        verbose_name_plural = _("batch impor")

    def __str__(self):
        return f"#{self.pk} {self.file_name}"

    @property
    def source_tag(self) -> str:
        return f"impor:{self.pk}"

    @property
    def is_busy(self) -> bool:
        return self.status in {
            self.Status.CHECK_QUEUED,
            self.Status.CHECKING,
            self.Status.COMMIT_QUEUED,
            self.Status.COMMITTING,
        }


class ImportedRecord(models.Model):
    """A business that a batch created or updated; `before` is the snapshot to restore on undo, sealed
    (undo_data.seal: it holds the owner's NIK and phone) and emptied when undo is no longer possible."""

    class Action(models.TextChoices):
        CREATED = "created", _("dibuat")
        UPDATED = "updated", _("diperbarui")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    business_id = models.BigIntegerField(db_index=True)  # no FK: undo deletes the business
    owner_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=8, choices=Action.choices)
    row = models.PositiveIntegerField()
    before = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["batch", "row"]


class ColumnMapping(models.Model):
    """A saved header → field mapping, reused when a file with the same headers comes again — by the user who
    saved it, and by everyone only when an admin marks it `shared` (selectors.mappings_for_user)."""

    name = models.CharField(_("nama pemetaan"), max_length=100)
    mapping = models.JSONField(default=dict)  # normalised header → field name
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared = models.BooleanField(_("dipakai semua pengguna"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["created_by", "name"], name="column_mapping_name_per_user")]
        verbose_name = _("pemetaan kolom")
        verbose_name_plural = pgettext_lazy("jamak", "pemetaan kolom")

    def __str__(self):
        return self.name
