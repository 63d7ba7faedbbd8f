"""Priority projects: the improvement plans the Delivery Group runs.

Every two years the Executive sets priority areas (a PriorityCycle); each area has an
improvement plan (objectives, and under them deliverables with an owner, a due date and
a forecast date that moves only with a reason), progress updates once a reporting
period (a calendar month) with a RAG status, outcome measures with their values over
time, and the voice of the child: feedback and the response to it ("you said, we did").
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from governance.models import Agency, PartnershipGroup, Person, User
from governance.rag import Rag

# RAG statuses that must say why (governance/rag.py: amber at risk, red off track).
RAG_NEEDING_REASON = (Rag.AMBER, Rag.RED)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_label(day: date) -> str:
    return f"{day:%B %Y}"


def long_date(day: date) -> str:
    return f"{day:%-d %B %Y}"


# Units that make an outcome measure a percentage (its figures run from 0 to 100).
PERCENTAGE_UNITS = {"%", "percent", "per cent", "percentage"}

# A deliverable that slips may carry on past the end of its cycle, but not further than
# this: a forecast years away is a mistyped year, not a plan.
FORECAST_BEYOND_CYCLE = relativedelta(years=1)


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
        if self.starts_on and self.ends_on:
            self._refuse_overlap()

    def _refuse_overlap(self) -> None:
        """One cycle at a time: the priorities of a day, and the month an update is for,
        must belong to one cycle only."""
        other = (
            PriorityCycle.objects.exclude(pk=self.pk)
            .filter(starts_on__lte=self.ends_on, ends_on__gte=self.starts_on)
            .order_by("starts_on")
            .first()
        )
        if other is None:
            return
        if other.starts_on <= self.starts_on:
            raise ValidationError(
                {
                    "starts_on": f"Start date must be after {long_date(other.ends_on)}, "
                    f"when {other.title} ends: cycles cannot overlap"
                }
            )
        raise ValidationError(
            {
                "ends_on": f"End date must be before {long_date(other.starts_on)}, "
                f"when {other.title} starts: cycles cannot overlap"
            }
        )

    def runs_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def dates_label(self) -> str:
        return f"{long_date(self.starts_on)} to {long_date(self.ends_on)}"


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
        constraints = [
            models.UniqueConstraint(
                fields=["area", "title"],
                name="one_objective_title_per_priority_area",
                violation_error_message="This priority already has an objective with that title.",
            )
        ]

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
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "title"],
                name="one_deliverable_title_per_objective",
                violation_error_message="This objective already has a deliverable with that title.",
            )
        ]

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

    @property
    def forecast_days_after_due(self) -> int:
        """How far the forecast has moved past the due date (0 if it has not)."""
        return max((self.forecast_on - self.due_on).days, 0)

    def days_overdue(self, today: date) -> int:
        """Days since the due date passed, while the deliverable is not done: overdue is
        measured from the date it was due, whatever the forecast now says."""
        return 0 if self.is_done else max((today - self.due_on).days, 0)

    def is_overdue(self, today: date) -> bool:
        return self.days_overdue(today) > 0

    def clean(self):
        errors = {}
        if self.status == self.Status.DONE and not self.completed_on:
            errors["completed_on"] = "Enter the date the deliverable was completed"
        if self.status != self.Status.DONE and self.completed_on:
            errors["completed_on"] = "Only give a completion date when the deliverable is done"
        if self.status == self.Status.BLOCKED and not self.blocked_reason.strip():
            errors["blocked_reason"] = "Enter what is blocking the deliverable"
        if self.objective_id:
            errors = self._dates_in_cycle(self.objective.area.cycle) | errors
        if errors:
            raise ValidationError(errors)

    def _dates_in_cycle(self, cycle: PriorityCycle) -> dict[str, str]:
        """The plan is the cycle's: due within it; forecast and completion not before it
        starts (a slipped deliverable may finish after the cycle ends, within a year)."""
        errors = {}
        start, end = long_date(cycle.starts_on), long_date(cycle.ends_on)
        if self.due_on and not cycle.runs_on(self.due_on):
            errors["due_on"] = f"Due date must be between {start} and {end}, the dates of {cycle.title}"
        latest_forecast = cycle.ends_on + FORECAST_BEYOND_CYCLE
        # A forecast that is still the due date is covered by the due date's message.
        forecast_moved = self.forecast_on and self.forecast_on != self.due_on
        if forecast_moved and not cycle.starts_on <= self.forecast_on <= latest_forecast:
            errors["forecast_on"] = (
                f"Forecast date must be between {start} and {long_date(latest_forecast)}: "
                f"not before {cycle.title} starts, nor more than a year after it ends"
            )
        if self.completed_on:
            if self.completed_on > timezone.localdate():
                errors["completed_on"] = "Date completed must be today or in the past"
            elif self.completed_on < cycle.starts_on:
                errors["completed_on"] = (
                    f"Date completed must be the same as or after {start}, when {cycle.title} starts"
                )
        return errors


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
        constraints = [
            models.UniqueConstraint(
                fields=["area", "title"],
                name="one_outcome_measure_title_per_priority_area",
                violation_error_message="This priority already has an outcome measure with that title.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("priorities:measure_detail", args=[self.pk])

    @property
    def is_percentage(self) -> bool:
        return self.unit.strip().lower() in PERCENTAGE_UNITS

    def shown(self, value) -> str:
        if value is None:
            return "–"
        text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
        return f"{text}%" if self.unit == "%" else f"{text} {self.unit}".strip()

    def range_error(self, value, label: str) -> str | None:
        """What is wrong with a figure of this measure, if anything: a percentage is
        from 0 to 100; a count or a rate is never negative."""
        if value is None:
            return None
        if self.is_percentage and not 0 <= value <= 100:
            return f"{label} must be between 0 and 100, as the measure is a percentage"
        if value < 0:
            return f"{label} must be 0 or more"
        return None

    def clean(self):
        errors = {}
        for name, label in (("baseline", "Baseline"), ("target", "Target")):
            if problem := self.range_error(getattr(self, name), label):
                errors[name] = problem
        if self.baseline_on and self.baseline_on > timezone.localdate():
            errors["baseline_on"] = "Date of the baseline must be today or in the past"
        if self.target_on and self.baseline_on and self.target_on <= self.baseline_on:
            errors["target_on"] = (
                f"Target date must be after {long_date(self.baseline_on)}, the date of the baseline"
            )
        if errors:
            raise ValidationError(errors)


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
        errors = {}
        if self.measured_on and self.measured_on > timezone.localdate():
            errors["measured_on"] = "Date of the figure must be today or in the past"
        elif self.measure_id and self.measured_on and self.measured_on < self.measure.baseline_on:
            errors["measured_on"] = (
                f"Date of the figure must be the same as or after {long_date(self.measure.baseline_on)}, "
                "the date of the baseline"
            )
        if self.measure_id and (problem := self.measure.range_error(self.value, "Figure")):
            errors["value"] = problem
        if errors:
            raise ValidationError(errors)


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
            errors["response"] = "Enter what we did"
        today = timezone.localdate()
        if self.received_on and self.received_on > today:
            errors["received_on"] = "Date the feedback was given must be today or in the past"
        if self.responded_on and self.responded_on > today:
            errors["responded_on"] = "Date of the response must be today or in the past"
        elif self.responded_on and self.received_on and self.responded_on < self.received_on:
            errors["responded_on"] = (
                f"Date of the response must be the same as or after {long_date(self.received_on)}, "
                "when the feedback was given"
            )
        if errors:
            raise ValidationError(errors)
