"""Priority projects: the improvement plans the Delivery Group runs.

Every two years the Executive sets priority areas (a PriorityCycle); each area has an
improvement plan (objectives, and under them deliverables with an owner, a due date and
a forecast date that moves only with a reason), progress updates once a reporting
period (a calendar month) with a RAG status, outcome measures with their values over
time, and the voice of the child: feedback and the response to it ("you said, we did").
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from governance.models import Agency, PartnershipGroup, Person, User
from governance.rag import Rag

# RAG statuses that must say why (governance/rag.py: amber at risk, red off track).
RAG_NEEDING_REASON = (Rag.AMBER, Rag.RED)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_label(day: date) -> str:
    return f"{day:%B %Y}"


class PriorityCycle(models.Model):
    """The priorities the Executive sets, usually for two years (2024-26)."""

    title = models.CharField(max_length=120, unique=True, help_text="For example, Priorities 2024-26")
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="priority_cycle_ends_after_it_starts",
                violation_error_message="The cycle must end after it starts.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('priorities:index')}?cycle={self.pk}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": "The end date must be after the start date"})

    def runs_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class PriorityArea(models.Model):
    """One priority: a multi-agency improvement project with a plan."""

    cycle = models.ForeignKey(PriorityCycle, on_delete=models.PROTECT, related_name="areas")
    title = models.CharField(max_length=120)
    rationale = models.TextField(
        "why it was chosen",
        help_text="The evidence: data, audits, reviews and what children told us.",
    )
    sponsor = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priority_areas_sponsored",
        verbose_name="executive sponsor",
    )
    leads = models.ManyToManyField(Person, blank=True, related_name="priority_areas_led")
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="priority_areas"
    )
    oversight_group = models.ForeignKey(
        PartnershipGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priority_areas",
        verbose_name="group that oversees it",
        help_text="Usually the Delivery Group.",
    )
    display_order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords(m2m_fields=[leads])

    class Meta:
        ordering = ["cycle", "display_order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "title"],
                name="one_priority_area_title_per_cycle",
                violation_error_message="This cycle already has a priority with that title.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("priorities:area_detail", args=[self.pk])


class Objective(models.Model):
    area = models.ForeignKey(PriorityArea, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "position", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.area.get_absolute_url()


class Deliverable(models.Model):
    """A deliverable or milestone of an objective. Its forecast date starts at the due
    date and moves only with a reason (ForecastChange), so slippage is measured."""

    class Status(models.TextChoices):
        TO_DO = "to_do", "To do"
        DOING = "doing", "Doing"
        DONE = "done", "Done"
        BLOCKED = "blocked", "Blocked"

    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="deliverables")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="priority_deliverables")
    due_on = models.DateField("due date")
    forecast_on = models.DateField("forecast date")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.TO_DO)
    completed_on = models.DateField("date completed", null=True, blank=True)
    blocked_reason = models.TextField("what is blocking it", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["forecast_on", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("priorities:deliverable_detail", args=[self.pk])

    @property
    def area(self) -> PriorityArea:
        return self.objective.area

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def slipped_days(self) -> int:
        """How far the forecast (or, once done, the completion) is past the due date."""
        finish = self.completed_on if self.is_done and self.completed_on else self.forecast_on
        return max((finish - self.due_on).days, 0) if finish and self.due_on else 0

    @property
    def is_slipped(self) -> bool:
        return self.slipped_days > 0

    def days_late(self, today: date) -> int:
        """Days past the due date: to completion once done; else to the forecast, or to
        today once the forecast has passed too."""
        finish = self.completed_on if self.is_done and self.completed_on else max(self.forecast_on, today)
        return max((finish - self.due_on).days, 0)

    def is_overdue(self, today: date) -> bool:
        return not self.is_done and self.forecast_on < today

    def clean(self):
        errors = {}
        if self.status == self.Status.DONE and not self.completed_on:
            errors["completed_on"] = "Enter the date the deliverable was completed"
        if self.status != self.Status.DONE and self.completed_on:
            errors["completed_on"] = "Only give a completion date when the deliverable is done"
        if self.status == self.Status.BLOCKED and not self.blocked_reason.strip():
            errors["blocked_reason"] = "Enter what is blocking the deliverable"
        if errors:
            raise ValidationError(errors)


class ForecastChange(models.Model):
    """A move of a deliverable's forecast date, and why."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="forecast_changes")
    changed_on = models.DateField()
    previous_forecast_on = models.DateField("previous forecast")
    forecast_on = models.DateField("new forecast")
    reason = models.TextField()
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["deliverable", "changed_on", "pk"]

    def __str__(self):
        return f"{self.deliverable}: {self.previous_forecast_on:%-d %B %Y} to {self.forecast_on:%-d %B %Y}"

    def get_absolute_url(self):
        return self.deliverable.get_absolute_url()

    def clean(self):
        if not self.reason.strip():
            raise ValidationError({"reason": "Enter why the forecast date is moving"})


class ProgressUpdate(models.Model):
    """A priority area's update for one reporting period (a month): RAG with its reason,
    what moved, what is blocked and what the Executive is asked to do."""

    area = models.ForeignKey(PriorityArea, on_delete=models.PROTECT, related_name="updates")
    period = models.DateField(help_text="The first day of the month the update is for.")
    rag = models.CharField("RAG status", max_length=8, choices=Rag.choices)
    rag_reason = models.TextField("reason for the RAG status", blank=True)
    progress = models.TextField("what moved")
    blockers = models.TextField("what is blocked", blank=True)
    ask = models.TextField("what the Executive is asked to do", blank=True)
    ask_response = models.TextField("the Executive's response", blank=True)
    ask_responded_on = models.DateField("date of the Executive's response", null=True, blank=True)
    confidential_notes = models.TextField(
        blank=True,
        help_text="For partners only: never shown to young scrutineers (staffing, an agency's performance).",
    )
    written_on = models.DateField("date of the update")
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period"],
                name="one_progress_update_per_area_per_period",
                violation_error_message="This priority already has an update for that month.",
            ),
        ]

    def __str__(self):
        return f"{self.area}: {month_label(self.period)}"

    def get_absolute_url(self):
        return reverse("priorities:update_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return month_label(self.period)

    @property
    def has_open_ask(self) -> bool:
        return bool(self.ask.strip()) and not self.ask_response.strip()

    def clean(self):
        errors = {}
        if self.period and self.period.day != 1:
            errors["period"] = "The period is a month: give its first day"
        if self.rag in RAG_NEEDING_REASON and not self.rag_reason.strip():
            errors["rag_reason"] = "Enter the reason for an amber or red status"
        if self.ask_response.strip() and not self.ask.strip():
            errors["ask_response"] = "There is no ask to respond to"
        if errors:
            raise ValidationError(errors)


class OutcomeMeasure(models.Model):
    """How the partnership will know the priority made a difference."""

    area = models.ForeignKey(PriorityArea, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(max_length=200)
    unit = models.CharField(max_length=30, blank=True, help_text="For example, % or children")
    baseline = models.DecimalField(max_digits=10, decimal_places=2)
    baseline_on = models.DateField("date of the baseline")
    target = models.DecimalField(max_digits=10, decimal_places=2)
    target_on = models.DateField("target date", null=True, blank=True)
    higher_is_better = models.BooleanField(default=True)
    # The composition in thscp shows the dataset indicator's series beside the measure;
    # priorities never imports dataset, so the link is the indicator's code.
    indicator_code = models.CharField(
        "dataset indicator code",
        max_length=40,
        blank=True,
        help_text="If the measure is an indicator of the multi-agency dataset, its code.",
    )
    source = models.CharField(max_length=200, blank=True, help_text="Where the figures come from.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("priorities:measure_detail", args=[self.pk])

    def shown(self, value) -> str:
        if value is None:
            return "–"
        text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
        return f"{text}%" if self.unit == "%" else f"{text} {self.unit}".strip()

    def clean(self):
        if self.target_on and self.baseline_on and self.target_on <= self.baseline_on:
            raise ValidationError({"target_on": "The target date must be after the date of the baseline"})


class MeasureValue(models.Model):
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField("date of the figure")
    value = models.DecimalField(max_digits=10, decimal_places=2)
    source = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "measured_on"],
                name="one_value_per_measure_per_date",
                violation_error_message="This measure already has a figure for that date.",
            )
        ]

    def __str__(self):
        return f"{self.measure}: {self.measure.shown(self.value)} on {self.measured_on:%-d %B %Y}"

    def get_absolute_url(self):
        return self.measure.get_absolute_url()

    def clean(self):
        if self.measure_id and self.measured_on and self.measured_on < self.measure.baseline_on:
            raise ValidationError({"measured_on": "The figure cannot be from before the baseline"})


class Feedback(models.Model):
    """The voice of the child: what children and young people told us, and what we did."""

    class Source(models.TextChoices):
        YOUNG_SCRUTINEERS = "young_scrutineers", "Young scrutineers"
        CAMHS = "camhs", "CAMHS participation group"
        CHILDREN_IN_CARE_COUNCIL = "children_in_care_council", "Children in Care Council"
        POLICE_CADETS = "police_cadets", "Police cadets"
        OTHER = "other", "Another children's group"

    area = models.ForeignKey(PriorityArea, on_delete=models.CASCADE, related_name="feedback")
    source = models.CharField("who said it", max_length=32, choices=Source.choices)
    received_on = models.DateField("date given")
    said = models.TextField("what they said")
    response = models.TextField("what we did", blank=True)
    responded_on = models.DateField("date of the response", null=True, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    responded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "-received_on", "-pk"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{self.get_source_display()}, {self.received_on:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("priorities:feedback_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.response.strip() and not self.responded_on:
            errors["responded_on"] = "Enter the date of the response"
        if self.responded_on and not self.response.strip():
            errors["response"] = "Enter what was done"
        if self.responded_on and self.received_on and self.responded_on < self.received_on:
            errors["responded_on"] = "The response cannot be before the feedback was given"
        if errors:
            raise ValidationError(errors)
