"""The yearly report: what people write for it, its renders, and what happens after.

Tables and charts are not stored while the report is a draft: they are assembled from
the records each time it is shown (thscp.reports.sections). Each render keeps what the
report said at that moment (its sections, the checks and the PDF); once a render's
document version is signed off, that content is frozen.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from governance.files import PrivatePath
from governance.models import Agency
from governance.periods import FinancialYear

from .logo import validate_logo

__all__ = [
    "Achievement",
    "ChecklistReason",
    "PartnerRepresentative",
    "NamingConsent",
    "NarrativeSection",
    "NotApplicable",
    "ReportBranding",
    "ReportPublication",
    "ReportRender",
    "ReportSending",
    "YearlyReport",
]


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
        FOREWORD = "foreword", "Foreword"
        INTRODUCTION = "introduction", "Introduction"
        KEY_CHANGES = "key_changes", "Key changes in the year"
        PROFILE_LOCAL_AUTHORITY = "profile_local_authority", "Partner profile: the local authority"
        PROFILE_INTEGRATED_CARE_BOARD = (
            "profile_integrated_care_board",
            "Partner profile: the integrated care board",
        )
        PROFILE_POLICE = "profile_police", "Partner profile: the police"
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

    def get_absolute_url(self):
        anchor = "partner_profiles" if self.key.startswith("profile_") else self.key
        return reverse("reports:report", args=[self.report.period]) + f"#section-{anchor}"


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
    # What the report said when rendered: each section's title and HTML as the PDF shows
    # it, the Working Together checklist, the reasons recorded and the safety check.
    # Frozen with the PDF once the document version is signed off.
    content = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"], name="report_render_status")]

    def __str__(self):
        return f"{self.report} render {self.pk} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        # What the partners signed is a record: its content, PDF and hash never change.
        if self.pk and self.document_version_id:
            stored = (
                ReportRender.objects.filter(pk=self.pk)
                .values_list("content", "pdf", "sha256", "document_version__status")
                .first()
            )
            signed = stored and stored[3] in ("signed_off", "published")
            if signed and (stored[0], stored[1], stored[2]) != (self.content, self.pdf.name, self.sha256):
                raise ValidationError("This version is signed off: what it said cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.document_version_id and self.document_version.is_locked:
            raise ValidationError("This version is signed off: it cannot be deleted.")
        return super().delete(*args, **kwargs)

    def get_absolute_url(self):  # noqa: DJ012 - beside save(), which guards what it points to
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


class Achievement(models.Model):
    """One line of the achievements table: what the partnership did and the difference it made."""

    report = models.ForeignKey(YearlyReport, on_delete=models.PROTECT, related_name="achievements")
    position = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first.")
    title = models.CharField("achievement", max_length=200)
    what_we_did = models.TextField("what the partnership did", max_length=2000)
    impact = models.TextField("the difference it made", max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField("reason for withdrawing", blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:achievements", args=[self.report.period])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


class PartnerRepresentative(models.Model):
    """Who represents a statutory partner in the year's report: its lead safeguarding
    partner, who signs the foreword, and its delegated safeguarding partners (WT 2023:
    the lead partners may delegate). Names and titles are the directory's (governance)."""

    class Standing(models.TextChoices):
        LEAD = "lead", "Lead safeguarding partner"
        DELEGATED = "delegated", "Delegated safeguarding partner"

    report = models.ForeignKey(YearlyReport, on_delete=models.PROTECT, related_name="representatives")
    partner = models.CharField("statutory partner", max_length=32, choices=Agency.StatutoryPartner.choices)
    person = models.ForeignKey("governance.Person", on_delete=models.PROTECT, related_name="+")
    standing = models.CharField(max_length=12, choices=Standing.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField("reason for withdrawing", blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "partner", "standing", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "person"],
                condition=Q(withdrawn_on=None),
                name="one_standing_per_person_per_report",
                violation_error_message="This person is already recorded for this report.",
            ),
            models.UniqueConstraint(
                fields=["report", "partner"],
                condition=Q(standing="lead", withdrawn_on=None),
                name="one_lead_per_partner_per_report",
                violation_error_message="This partner already has a lead safeguarding partner recorded.",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_standing_display()}, {self.get_partner_display()})"

    def get_absolute_url(self):
        return reverse("reports:representatives", args=[self.report.period])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def clean(self):
        if self.person_id and self.partner and self.person.agency.statutory_partner != self.partner:
            raise ValidationError({"person": "Choose someone who works for this statutory partner"})


class ChecklistReason(models.Model):
    """Why a required item of the Working Together contents list has no content this year.

    Kept, shown to the signatories beside the version they sign, and frozen with it."""

    report = models.ForeignKey(YearlyReport, on_delete=models.PROTECT, related_name="checklist_reasons")
    item = models.CharField(max_length=40)
    reason = models.TextField(max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "item"]
        constraints = [
            models.UniqueConstraint(fields=["report", "item"], name="one_reason_per_checklist_item")
        ]

    def __str__(self):
        return f"{self.report}: why {self.item} is empty"

    def get_absolute_url(self):
        return reverse("reports:checklist", args=[self.report.period])


class NotApplicable(models.Model):
    """A section with nothing to report this year, marked not applicable by the business
    unit with its reason: the report then says so, in place of an empty section."""

    report = models.ForeignKey(YearlyReport, on_delete=models.PROTECT, related_name="not_applicable")
    section_key = models.CharField(max_length=40)
    reason = models.TextField(max_length=1000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    withdrawn_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "section_key"]
        verbose_name = "section marked not applicable"
        verbose_name_plural = "sections marked not applicable"
        constraints = [
            models.UniqueConstraint(fields=["report", "section_key"], name="one_marking_per_report_section")
        ]

    def __str__(self):
        return f"{self.report}: {self.section_key} not applicable"

    def get_absolute_url(self):
        return reverse("reports:checklist", args=[self.report.period])


class NamingConsent(models.Model):
    """A young scrutineer's consent to be named in the yearly report.

    Young scrutineers are children (16-17): without a consent recorded here, the report
    says "a young scrutineer" wherever it would name them."""

    person = models.ForeignKey("governance.Person", on_delete=models.PROTECT, related_name="+")
    consent_given_on = models.DateField("date consent was given")
    how_given = models.CharField(
        "how consent was given",
        max_length=300,
        help_text="For example, 'Signed consent form, with a parent's agreement'.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__full_name", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(withdrawn_on=None), name="one_standing_consent_per_person"
            )
        ]

    def __str__(self):
        return f"Consent to be named: {self.person}"

    def get_absolute_url(self):
        return reverse("reports:consents")


class ReportBranding(models.Model):
    """The cover's configuration: the partnership's logo and a short line.

    One record for the partnership (configuration, not code); the logo is kept in
    private storage and embedded in the report, never served from a public URL."""

    SINGLETON = 1

    singleton = models.PositiveSmallIntegerField(default=SINGLETON, unique=True, editable=False)
    logo = models.FileField(upload_to=PrivatePath("report-logo"), blank=True, validators=[validate_logo])
    logo_description = models.CharField(
        "description of the logo",
        max_length=200,
        blank=True,
        help_text="What the logo shows, for people who cannot see it, for example "
        "'Partnership logo: three linked hands'.",
    )
    short_line = models.CharField(
        "short line for the cover",
        max_length=120,
        blank=True,
        help_text="For example, 'Working together to keep children safe'.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "report cover"

    def __str__(self):
        return "The yearly report's cover"

    def get_absolute_url(self):
        return reverse("reports:cover")


class ReportPublication(models.Model):
    """Where and when a signed-off yearly report was published (WT 2023: at least once
    every 12 months)."""

    report = models.ForeignKey(YearlyReport, on_delete=models.PROTECT, related_name="publications")
    version = models.OneToOneField(
        "governance.DocumentVersion", on_delete=models.PROTECT, related_name="yearly_report_publication"
    )
    published_on = models.DateField("date published")
    link = models.URLField("link to the published report", max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return f"{self.report}, published {self.published_on:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("reports:publication", args=[self.report.period])


class ReportSending(models.Model):
    """The published report sent to one of those WT 2023 names, within 7 days."""

    class Recipient(models.TextChoices):
        PANEL = "panel", "Child Safeguarding Practice Review Panel"
        FOUNDATIONS = "foundations", "Foundations (What Works for Children and Families)"

    # In a sentence: "Send it to the Child Safeguarding Practice Review Panel", "to Foundations".
    IN_A_SENTENCE = {"panel": "the Child Safeguarding Practice Review Panel", "foundations": "Foundations"}

    publication = models.ForeignKey(ReportPublication, on_delete=models.PROTECT, related_name="sendings")
    recipient = models.CharField(max_length=16, choices=Recipient.choices)
    sent_on = models.DateField("date sent")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["publication", "recipient"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "recipient"], name="one_sending_per_recipient")
        ]

    def __str__(self):
        return f"{self.publication.report} sent to {self.IN_A_SENTENCE[self.recipient]}"

    def get_absolute_url(self):
        return self.publication.get_absolute_url()
