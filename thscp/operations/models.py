"""Records the running service keeps about itself: when the beat last ran, which records
are past their retention, and that an erasure happened."""

from django.conf import settings
from django.db import models


class Heartbeat(models.Model):
    """When a scheduled job last ran: written by the beat's heartbeat task every minute,
    read by the health check. One row per name, updated in place."""

    name = models.CharField(max_length=40, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class RetentionDue(models.Model):
    """A record past its retention period, listed by the daily retention job for the
    business unit to review. Holds the record's kind and key, never what it says."""

    kind = models.CharField(max_length=60)
    record_id = models.PositiveBigIntegerField()
    # The day the retention period ended (its start plus the configured years).
    due_on = models.DateField()
    listed_on = models.DateField()

    class Meta:
        ordering = ["kind", "due_on", "record_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id"], name="one_retention_listing_per_record")
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The erasure log is append-only.")

    def delete(self):
        raise PermissionError("The erasure log is append-only.")


class Erasure(models.Model):
    """That a record was erased at the end of its retention: its kind, when and by whom,
    and how much went with it. Never what it said: no title, name or reference."""

    kind = models.CharField(max_length=60)
    record_id = models.PositiveBigIntegerField()
    erased_at = models.DateTimeField(auto_now_add=True)
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Counts only: how many rows (the record, the records that belonged to it, and the
    # History of all of them) and how many stored files went.
    records_removed = models.PositiveIntegerField()
    history_rows_removed = models.PositiveIntegerField()
    files_removed = models.PositiveIntegerField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-erased_at", "-pk"]

    def __str__(self):
        return f"{self.kind} {self.record_id} erased"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The erasure log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The erasure log is append-only.")
