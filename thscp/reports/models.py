"""The yearly report: its narrative, written in the product, and its PDF renders.

Tables and charts are not stored: they are assembled from live records each time the
report is shown or rendered (thscp.reports.sections). Only what people write is kept
here, and the record of each render.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from governance.files import PrivatePath
from governance.periods import FinancialYear

__all__ = ["NarrativeSection", "ReportRender", "YearlyReport"]


class YearlyReport(models.Model):
    """The yearly report for one financial year (WT 2023: at least once every 12 months)."""

    period = models.PositiveSmallIntegerField(
        "financial year", unique=True, help_text="The year it starts: 2025 for April 2025 to March 2026."
    )
    document = models.OneToOneField(
        "governance.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="yearly_report",
        help_text="The key document whose versions are this report's renders, for sign-off.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period"]

    def __str__(self):
        return f"Yearly report {self.report_period.label}"

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.period])

    @property
    def report_period(self) -> FinancialYear:
        return FinancialYear(self.period)


class NarrativeSection(models.Model):
    """Text a person writes for the report: statements, achievements, challenges, the plan."""

    class Key(models.TextChoices):
        INTRODUCTION = "introduction", "Introduction"
        SCRUTINEER_STATEMENT = "scrutineer_statement", "The independent scrutineer's statement"
        YOUNG_SCRUTINEERS = "young_scrutineers", "Young scrutineers"
        ACHIEVEMENTS = "achievements", "Key achievements and their impact"
        CHALLENGES = "challenges", "Key challenges"
        PLAN_AHEAD = "plan_ahead", "Strategic plan for the year ahead"

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="narrative")
    key = models.CharField(max_length=32, choices=Key.choices)
    text = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "key"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="one_narrative_section_per_key_per_report")
        ]

    def __str__(self):
        return f"{self.report}: {self.get_key_display()}"


class ReportRender(models.Model):
    """One run of rendering a yearly report to PDF, by the Celery worker or an operator."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    FINISHED = (Status.DONE, Status.FAILED)

    report = models.ForeignKey(YearlyReport, on_delete=models.PROTECT, related_name="renders")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a worker has started it (a killed worker's run counts)."
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to=PrivatePath("yearly-reports"), blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    document_version = models.ForeignKey(
        "governance.DocumentVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"], name="report_render_status")]

    def __str__(self):
        return f"{self.report} render {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("reports:render_status", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def status_colour(self) -> str:
        return {
            self.Status.QUEUED: "grey",
            self.Status.RENDERING: "blue",
            self.Status.DONE: "green",
            self.Status.FAILED: "red",
        }[self.status]

    @property
    def file_name(self) -> str:
        return f"yearly-report-{self.report.report_period.label}-render-{self.pk}.pdf"
