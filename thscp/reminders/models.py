"""Reminder bookkeeping: what was claimed, batched into digests, and sent.

At most once: an item (deadline key, stage, recipient) is inserted under a unique
constraint before anything is sent, so a second run, a second worker or a
redelivered task finds it there and sends nothing new.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class ReminderRun(models.Model):
    """One run of the reminder job (scheduled, by hand, or a catch-up)."""

    run_on = models.DateField(help_text="The day the job ran for (its 'today').")
    started_at = models.DateTimeField(auto_now_add=True)
    triggered_by = models.CharField(max_length=120, default="schedule")
    items_claimed = models.PositiveIntegerField(default=0)
    digests_created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"Reminders for {self.run_on:%-d %B %Y}"


class ReminderDigest(models.Model):
    """One email to one person: their items from one run, grouped by urgency."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    run = models.ForeignKey(ReminderRun, on_delete=models.PROTECT, related_name="digests")
    recipient = models.EmailField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "recipient"]
        constraints = [
            models.UniqueConstraint(fields=["run", "recipient"], name="one_digest_per_person_per_run")
        ]

    def __str__(self):
        return f"Digest to {self.recipient} ({self.get_status_display()})"


class ReminderItem(models.Model):
    """A claimed reminder: this deadline, at this stage, for this person, once."""

    key = models.CharField(max_length=200)
    stage = models.CharField(max_length=40)
    recipient = models.EmailField()
    title = models.CharField(max_length=300)
    due_on = models.DateField()
    url = models.CharField(max_length=300)
    statutory = models.BooleanField(default=False)
    urgency = models.CharField(max_length=16)
    # The status words My work shows for it that day, e.g. "Review overdue".
    status = models.CharField(max_length=60, blank=True, default="")
    digest = models.ForeignKey(
        ReminderDigest, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "stage", "recipient"], name="remind_once_per_stage_and_person"
            )
        ]
        indexes = [
            models.Index(fields=["recipient"], condition=models.Q(digest=None), name="unassigned_items")
        ]

    def __str__(self):
        return f"{self.title} ({self.stage}) to {self.recipient}"
