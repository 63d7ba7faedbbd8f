"""The quarterly multi-agency dataset.

The business unit keeps a catalogue of indicators (Indicator); each names the agency
that supplies it. Every quarter of the financial year each supplying agency makes a
return (QuarterlyReturn) holding one figure (ReturnValue) for each of its indicators.
A changed definition starts a new version of an indicator, so a figure always keeps the
meaning it was given under; retiring an indicator keeps it and its figures.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from governance.calendar import add_working_days
from governance.models import Agency, User
from governance.periods import FinancialYear, Quarter
from governance.rag import Rag

# A return is due this many working days after its quarter ends. The partnership sets it
# (settings.DATASET_RETURN_WORKING_DAYS); 20 working days is its usual rule.
DEFAULT_RETURN_WORKING_DAYS = 20
# A figure that moves more than this share (per cent) from the average of the agency's
# previous four quarters needs a comment before the return is submitted.
DEFAULT_CHANGE_NEEDING_COMMENT = Decimal(20)


def return_working_days() -> int:
    return int(getattr(settings, "DATASET_RETURN_WORKING_DAYS", DEFAULT_RETURN_WORKING_DAYS))


def return_due_on(quarter: Quarter) -> date:
    return add_working_days(quarter.end, return_working_days())


class Indicator(models.Model):
    """One version of an indicator of the dataset. Versions share the code."""

    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENTAGE = "percentage", "Percentage"
        RATE = "rate_per_10000", "Rate per 10,000 children"

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEITHER = "neither", "Neither"

    class Theme(models.TextChoices):
        FRONT_DOOR = "front_door", "Front door and referrals"
        ASSESSMENT = "assessment", "Assessment and child protection"
        LOOKED_AFTER = "looked_after", "Children looked after"
        EXPLOITATION = "exploitation", "Exploitation and missing"
        INFANT_SAFETY = "infant_safety", "Infant safety"
        NEGLECT = "neglect", "Neglect"
        PEER_ON_PEER = "peer_on_peer", "Peer-on-peer harm"
        ANTI_RACISM = "anti_racism", "Anti-racism"
        EDUCATION = "education", "Education"
        WORKFORCE = "workforce", "Workforce and training"

    # The fields whose change alters what a figure means: changing one starts a version.
    DEFINING_FIELDS = ("definition", "numerator_definition", "denominator_definition", "unit")

    code = models.CharField(
        max_length=40, help_text="A short code that stays the same across versions, for example CSC01."
    )
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    title = models.CharField(max_length=200)
    definition = models.TextField(help_text="What is counted, and over what period.")
    numerator_definition = models.CharField(
        "numerator",
        max_length=300,
        blank=True,
        help_text=(
            "For a percentage or a rate: what is counted above the line. "
            "Leave blank to ask for the figure itself."
        ),
    )
    denominator_definition = models.CharField(
        "denominator",
        max_length=300,
        blank=True,
        help_text="For a percentage or a rate: what it is counted out of.",
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="dataset_indicators", verbose_name="supplying agency"
    )
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amber_tolerance = models.DecimalField(
        "amber tolerance",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="How far on the wrong side of the target a figure is still amber rather than red.",
    )
    change_needing_comment = models.DecimalField(
        "change that needs a comment (%)",
        max_digits=6,
        decimal_places=2,
        default=DEFAULT_CHANGE_NEEDING_COMMENT,
        help_text=(
            "A figure that moves more than this, in per cent, from the previous four quarters' "
            "average needs a comment."
        ),
    )
    is_headline = models.BooleanField(
        "headline indicator", default=False, help_text="Shown in the yearly report."
    )
    display_order = models.PositiveSmallIntegerField(default=100)
    retired_on = models.DateField(null=True, blank=True, editable=False)
    retirement_reason = models.TextField(blank=True, editable=False)
    # Set when a changed definition starts the next version.
    superseded_on = models.DateField(null=True, blank=True, editable=False)
    previous_version = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="next_version"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "code", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="dataset_one_indicator_version",
                violation_error_message="That version of the indicator already exists.",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(superseded_on__isnull=True),
                name="dataset_one_current_version_per_code",
                violation_error_message="An indicator with this code already exists.",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="dataset_target_not_negative",
                violation_error_message="The target cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("dataset:indicator_detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.superseded_on is None

    @property
    def is_active(self) -> bool:
        return self.superseded_on is None and self.retired_on is None

    @property
    def has_numerator(self) -> bool:
        """A figure computed from a numerator and a denominator."""
        return bool(self.denominator_definition)

    def clean(self):
        errors = {}
        if self.unit == self.Unit.PERCENTAGE and self.target is not None and self.target > 100:
            errors["target"] = "A percentage target must be 100 or less"
        if self.unit == self.Unit.COUNT and self.denominator_definition:
            errors["denominator_definition"] = (
                "A count has no denominator: leave it blank, or choose a percentage or a rate"
            )
        if self.denominator_definition and not self.numerator_definition:
            errors["numerator_definition"] = "Enter what is counted above the line"
        if self.numerator_definition and not self.denominator_definition:
            errors["denominator_definition"] = "Enter what it is counted out of"
        if self.amber_tolerance is not None and self.amber_tolerance < 0:
            errors["amber_tolerance"] = "The amber tolerance cannot be negative"
        if self.change_needing_comment is not None and self.change_needing_comment <= 0:
            errors["change_needing_comment"] = "The change that needs a comment must be more than 0"
        if errors:
            raise ValidationError(errors)

    def shown(self, value) -> str:
        """A figure as text in this indicator's unit: '1,234', '87.5%', '412.3 per 10,000'."""
        if value is None:
            return "No figure"
        value = Decimal(value)
        if self.unit == self.Unit.COUNT:
            return f"{value:,.0f}"
        rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if self.unit == self.Unit.PERCENTAGE:
            return f"{rounded:,}%"
        return f"{rounded:,} per 10,000"

    def rag(self, value) -> str:
        """Red, amber or green against the target, respecting polarity; '' when not rated."""
        if value is None or self.target is None or self.polarity == self.Polarity.NEITHER:
            return ""
        tolerance = self.amber_tolerance or Decimal(0)
        shortfall = self.target - value if self.polarity == self.Polarity.HIGHER else value - self.target
        if shortfall <= 0:
            return Rag.GREEN
        if shortfall <= tolerance:
            return Rag.AMBER
        return Rag.RED

    def direction(self, latest, previous) -> str:
        """Direction of travel from the previous figure, in words that respect polarity."""
        if latest is None or previous is None:
            return "Not enough figures"
        if latest == previous:
            return "No change"
        went_up = latest > previous
        if self.polarity == self.Polarity.NEITHER:
            return "Up" if went_up else "Down"
        better = went_up == (self.polarity == self.Polarity.HIGHER)
        return (
            f"{'Up' if went_up else 'Down'}, improving"
            if better
            else f"{'Up' if went_up else 'Down'}, worsening"
        )


class QuarterlyReturn(models.Model):
    """One agency's figures for one quarter of a financial year."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for correction"
        ACCEPTED = "accepted", "Accepted"

    OPEN_STATUSES = (Status.NOT_STARTED, Status.DRAFT, Status.RETURNED)
    TAG_CLASSES = {
        Status.NOT_STARTED: "govuk-tag--grey",
        Status.DRAFT: "govuk-tag--yellow",
        Status.SUBMITTED: "govuk-tag--blue",
        Status.RETURNED: "govuk-tag--orange",
        Status.ACCEPTED: "govuk-tag--green",
    }

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="dataset_returns")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts: 2025 for 2025-26.")
    quarter = models.PositiveSmallIntegerField(choices=[(n, f"Q{n}") for n in (1, 2, 3, 4)])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    due_on = models.DateField("due date")
    returned_reason = models.TextField("reason for returning it", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter", "agency__name"]
        # The dashboard reads every agency's returns for a run of quarters.
        indexes = [models.Index(fields=["year", "quarter"], name="dataset_return_period")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "quarter"],
                name="dataset_one_return_per_agency_quarter",
                violation_error_message="This agency already has a return for that quarter.",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="dataset_quarter_one_to_four",
                violation_error_message="A quarter is Q1 to Q4.",
            ),
        ]

    def __str__(self):
        return f"{self.agency.name}: {self.period.label} return"

    def get_absolute_url(self):
        return reverse("dataset:return_detail", args=[self.pk])

    @property
    def period(self) -> Quarter:
        return Quarter(FinancialYear(self.year), self.quarter)

    @property
    def tag_class(self) -> str:
        return self.TAG_CLASSES.get(self.status, "govuk-tag--grey")

    @property
    def is_open(self) -> bool:
        """The agency may still change its figures."""
        return self.status in self.OPEN_STATUSES

    def is_late(self, today: date) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_on < today


class ReturnValue(models.Model):
    """One indicator's figure in a return. For an indicator with a numerator and a
    denominator, the product computes the figure from them."""

    class Status(models.TextChoices):
        PENDING = "pending", "Not yet accepted"
        RETURNED = "returned", "Returned for correction"
        ACCEPTED = "accepted", "Accepted"

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField("figure", max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    comment = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, editable=False)
    returned_reason = models.TextField("reason for returning it", blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__display_order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "indicator"],
                name="dataset_one_value_per_indicator_per_return",
                violation_error_message="The return already has a figure for this indicator.",
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.quarterly_return.period.label}"

    def get_absolute_url(self):
        return reverse("dataset:return_detail", args=[self.quarterly_return_id]) + f"#value-{self.pk}"

    @property
    def shown(self) -> str:
        return self.indicator.shown(self.value)
