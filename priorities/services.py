"""Priority project workflows. Views call one of these; each validates the whole record
(full_clean) and runs in a transaction, so a refused change saves nothing."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from governance.models import User

from .models import (
    Deliverable,
    Feedback,
    ForecastChange,
    MeasureValue,
    Objective,
    OutcomeMeasure,
    PriorityArea,
    PriorityCycle,
    ProgressUpdate,
    long_date,
    month_label,
    month_start,
)


def _save(instance: models.Model, by: User | None) -> models.Model:
    instance.full_clean()
    if by is not None:
        instance._history_user = by
    instance.save()
    return instance


def _apply(instance: models.Model, changes: dict, editable: tuple[str, ...]) -> None:
    unknown = set(changes) - set(editable)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(instance, name, value)


def _today() -> date:
    return timezone.localdate()


def _refuse_repeat(queryset, instance: models.Model, field: str, message: str) -> None:
    """A record already there (a form sent twice, or again after Back) is not added
    twice: the person is told, on the field that repeats it."""
    if queryset.exclude(pk=instance.pk).exists() if instance.pk else queryset.exists():
        raise ValidationError({field: message})


# Cycles and areas

CYCLE_FIELDS = ("title", "starts_on", "ends_on")


@transaction.atomic
def save_cycle(*, by: User | None, cycle: PriorityCycle | None = None, **fields) -> PriorityCycle:
    """Record a priority cycle, or correct one. Cycles never overlap (the model's rule);
    a corrected cycle still holds every deliverable due date and period update of its
    areas, so nothing recorded is left outside its own cycle."""
    cycle = cycle or PriorityCycle()
    _apply(cycle, fields, CYCLE_FIELDS)
    _refuse_repeat(
        PriorityCycle.objects.filter(title__iexact=cycle.title),
        cycle,
        "title",
        f"There is already a priority cycle called {cycle.title}",
    )
    cycle.full_clean()
    if cycle.pk:
        _check_cycle_holds_its_records(cycle)
    return _save(cycle, by)


def _check_cycle_holds_its_records(cycle: PriorityCycle) -> None:
    due = Deliverable.objects.filter(objective__area__cycle=cycle).aggregate(
        first=models.Min("due_on"), last=models.Max("due_on")
    )
    periods = ProgressUpdate.objects.filter(area__cycle=cycle).aggregate(
        first=models.Min("period"), last=models.Max("period")
    )
    firsts = [day for day in (due["first"], periods["first"]) if day]
    if firsts and cycle.starts_on > min(firsts):
        first = min(firsts)
        what = "a deliverable is due then" if first == due["first"] else "there is an update for that month"
        raise ValidationError(
            {"starts_on": f"Start date must be the same as or before {long_date(first)}: {what}"}
        )
    if due["last"] and cycle.ends_on < due["last"]:
        raise ValidationError(
            {
                "ends_on": f"End date must be the same as or after {long_date(due['last'])}: "
                "a deliverable is due then"
            }
        )
    if periods["last"] and cycle.ends_on < periods["last"]:
        raise ValidationError(
            {
                "ends_on": f"End date must be the same as or after {long_date(periods['last'])}: "
                f"there is an update for {month_label(periods['last'])}"
            }
        )


AREA_FIELDS = ("cycle", "title", "rationale", "sponsor", "lead_agency", "oversight_group", "display_order")


@transaction.atomic
def save_area(*, by: User | None, area: PriorityArea | None = None, leads=None, **fields) -> PriorityArea:
    """Record a priority area with its leads, or correct one."""
    area = area or PriorityArea()
    _apply(area, fields, AREA_FIELDS)
    _refuse_repeat(
        PriorityArea.objects.filter(cycle_id=area.cycle_id, title__iexact=area.title),
        area,
        "title",
        f"{area.cycle} already has a priority called {area.title}" if area.cycle_id else "",
    )
    _save(area, by)
    if leads is not None:
        area.leads.set(leads)
    return area


OBJECTIVE_FIELDS = ("title", "description", "position")


@transaction.atomic
def save_objective(
    *, by: User | None, area: PriorityArea | None = None, objective: Objective | None = None, **fields
) -> Objective:
    if objective is None:
        objective = Objective(area=area, position=(area.objectives.count() + 1) if area else 1)
    _apply(objective, fields, OBJECTIVE_FIELDS)
    _refuse_repeat(
        Objective.objects.filter(area_id=objective.area_id, title__iexact=objective.title),
        objective,
        "title",
        f"This priority already has an objective called {objective.title}",
    )
    return _save(objective, by)


# Deliverables


@transaction.atomic
def add_deliverable(
    *,
    objective: Objective,
    title: str,
    owner,
    due_on: date,
    by: User | None,
    description: str = "",
) -> Deliverable:
    """A new deliverable: to do, forecast for its due date."""
    deliverable = Deliverable(
        objective=objective,
        title=title,
        description=description,
        owner=owner,
        due_on=due_on,
        forecast_on=due_on,
    )
    _refuse_repeated_deliverable(deliverable)
    return _save(deliverable, by)


def _refuse_repeated_deliverable(deliverable: Deliverable) -> None:
    _refuse_repeat(
        Deliverable.objects.filter(objective_id=deliverable.objective_id, title__iexact=deliverable.title),
        deliverable,
        "title",
        f"This objective already has a deliverable called {deliverable.title}",
    )


DELIVERABLE_FIELDS = ("objective", "title", "description", "owner", "due_on")


@transaction.atomic
def update_deliverable(*, deliverable: Deliverable, by: User | None, **fields) -> Deliverable:
    """Correct a deliverable's details. A corrected due date is the plan changing, not
    slippage: a forecast that had not moved moves with it."""
    _apply(deliverable, fields, DELIVERABLE_FIELDS)
    stored = Deliverable.objects.get(pk=deliverable.pk)
    if "objective" in fields and fields["objective"].area_id != stored.objective.area_id:
        raise ValidationError({"objective": "Choose an objective of the same priority"})
    if deliverable.due_on != stored.due_on and stored.forecast_on == stored.due_on:
        deliverable.forecast_on = deliverable.due_on
    _refuse_repeated_deliverable(deliverable)
    return _save(deliverable, by)


@transaction.atomic
def move_forecast(
    *,
    deliverable: Deliverable,
    forecast_on: date,
    reason: str,
    by: User | None,
    changed_on: date | None = None,
) -> ForecastChange:
    """Move the forecast date, with the reason: the history slippage is measured from.
    A forecast says when the work will be done, so it moves to a day still to come (from
    the day of the move) and only while the deliverable is not done."""
    changed_on = changed_on or _today()
    if deliverable.is_done:
        raise ValidationError(
            {"forecast_on": "The deliverable is done: its forecast no longer moves. Change its status first"}
        )
    if forecast_on == deliverable.forecast_on:
        raise ValidationError({"forecast_on": "Enter a forecast date different from the current one"})
    if forecast_on < changed_on:
        raise ValidationError(
            {
                "forecast_on": "New forecast date must be today or in the future"
                if changed_on == _today()
                else f"New forecast date must be the same as or after {long_date(changed_on)}"
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the forecast date is moving"})
    change = ForecastChange(
        deliverable=deliverable,
        changed_on=changed_on,
        previous_forecast_on=deliverable.forecast_on,
        forecast_on=forecast_on,
        reason=reason,
        changed_by=by,
    )
    _save(change, by)
    deliverable.forecast_on = forecast_on
    # History shows why the forecast moved, beside the move.
    deliverable._change_reason = reason
    _save(deliverable, by)
    return change


@transaction.atomic
def set_deliverable_status(
    *,
    deliverable: Deliverable,
    status: str,
    by: User | None,
    completed_on: date | None = None,
    blocked_reason: str | None = None,
) -> Deliverable:
    """Move a deliverable on the board. Done records the day it was completed (today
    unless given); leaving Done clears it. Blocked needs what is blocking it."""
    if status not in Deliverable.Status.values:
        raise ValidationError({"status": "Select a status"})
    deliverable.status = status
    if status == Deliverable.Status.DONE:
        # The model's rules check it: not in the future, nor before the cycle starts.
        deliverable.completed_on = completed_on or deliverable.completed_on or _today()
    else:
        deliverable.completed_on = None
    if blocked_reason is not None:
        deliverable.blocked_reason = blocked_reason
    if status != Deliverable.Status.BLOCKED and blocked_reason is None:
        deliverable.blocked_reason = ""
    return _save(deliverable, by)


# Progress updates


UPDATE_FIELDS = ("rag", "rag_reason", "progress", "blockers", "ask", "confidential_notes", "written_on")


@transaction.atomic
def post_update(*, area: PriorityArea, period: date, by: User | None, **fields) -> ProgressUpdate:
    """The area's update for a period (a month): one per period."""
    update = ProgressUpdate(area=area, period=month_start(period), written_by=by)
    fields.setdefault("written_on", _today())
    _apply(update, fields, UPDATE_FIELDS)
    _check_period(update)
    _check_written_on(update)
    if ProgressUpdate.objects.filter(area=area, period=update.period).exists():
        raise ValidationError(
            {"period": f"{area} already has an update for {update.period_label}: correct that one"}
        )
    return _save(update, by)


@transaction.atomic
def correct_update(*, update: ProgressUpdate, by: User | None, **fields) -> ProgressUpdate:
    _apply(update, fields, UPDATE_FIELDS)
    _check_written_on(update)
    return _save(update, by)


def _check_period(update: ProgressUpdate) -> None:
    """A month of the area's cycle, and not one still to come."""
    cycle = update.area.cycle
    if update.period > month_start(_today()):
        raise ValidationError({"period": "The month of the update cannot be in the future"})
    if not month_start(cycle.starts_on) <= update.period <= cycle.ends_on:
        within = f"{cycle.title} ({cycle.starts_on:%B %Y} to {cycle.ends_on:%B %Y})"
        raise ValidationError({"period": f"The month must be within {within}"})


def _check_written_on(update: ProgressUpdate) -> None:
    if update.written_on and update.written_on > _today():
        raise ValidationError({"written_on": "The date of the update must be today or in the past"})
    # An update reports on its month: written in it or after it, never before it began.
    if update.written_on and update.period and update.written_on < update.period:
        raise ValidationError(
            {
                "written_on": f"Date of the update must be the same as or after {long_date(update.period)}, "
                f"the start of {month_label(update.period)}"
            }
        )


@transaction.atomic
def respond_to_ask(
    *, update: ProgressUpdate, response: str, by: User | None, responded_on: date | None = None
) -> ProgressUpdate:
    """The Executive's answer to what an update asked of it."""
    if not update.ask.strip():
        raise ValidationError({"ask_response": "There is no ask to respond to"})
    if not (response or "").strip():
        raise ValidationError({"ask_response": "Enter the Executive's response"})
    update.ask_response = response
    update.ask_responded_on = responded_on or _today()
    return _save(update, by)


# Outcome measures

MEASURE_FIELDS = (
    "title",
    "unit",
    "baseline",
    "baseline_on",
    "target",
    "target_on",
    "higher_is_better",
    "indicator_code",
    "source",
)


@transaction.atomic
def save_measure(
    *, by: User | None, area: PriorityArea | None = None, measure: OutcomeMeasure | None = None, **fields
) -> OutcomeMeasure:
    measure = measure or OutcomeMeasure(area=area)
    _apply(measure, fields, MEASURE_FIELDS)
    _refuse_repeat(
        OutcomeMeasure.objects.filter(area_id=measure.area_id, title__iexact=measure.title),
        measure,
        "title",
        f"This priority already has an outcome measure called {measure.title}",
    )
    if measure.pk and measure.values.filter(measured_on__lt=measure.baseline_on).exists():
        raise ValidationError({"baseline_on": "A figure of this measure is from before that date"})
    for value in measure.values.all() if measure.pk else ():
        if measure.range_error(value.value, "Figure"):
            raise ValidationError(
                {
                    "unit": f"The figure of {long_date(value.measured_on)} ({value.value.normalize():f}) "
                    "cannot be a percentage: correct it first"
                    if measure.is_percentage
                    else f"The figure of {long_date(value.measured_on)} is below 0: correct it first"
                }
            )
    return _save(measure, by)


@transaction.atomic
def record_measure_value(
    *, measure: OutcomeMeasure, measured_on: date, value, by: User | None, source: str = ""
) -> MeasureValue:
    return _save(MeasureValue(measure=measure, measured_on=measured_on, value=value, source=source), by)


@transaction.atomic
def correct_measure_value(*, measure_value: MeasureValue, by: User | None, **fields) -> MeasureValue:
    _apply(measure_value, fields, ("measured_on", "value", "source"))
    return _save(measure_value, by)


# The voice of the child


@transaction.atomic
def add_feedback(
    *, area: PriorityArea, source: str, received_on: date, said: str, by: User | None
) -> Feedback:
    feedback = Feedback(area=area, source=source, received_on=received_on, said=said, added_by=by)
    _refuse_repeat(
        Feedback.objects.filter(area=area, source=source, received_on=received_on, said=said.strip()),
        feedback,
        "said",
        "This feedback is already recorded for this priority",
    )
    return _save(feedback, by)


@transaction.atomic
def respond_to_feedback(
    *, feedback: Feedback, response: str, by: User | None, responded_on: date | None = None
) -> Feedback:
    """What was done about it: "you said, we did"."""
    if not (response or "").strip():
        raise ValidationError({"response": "Enter what we did"})
    feedback.response = response
    feedback.responded_on = responded_on or _today()
    feedback.responded_by = by
    return _save(feedback, by)


@transaction.atomic
def correct_feedback(*, feedback: Feedback, by: User | None, **fields) -> Feedback:
    _apply(feedback, fields, ("source", "received_on", "said", "response", "responded_on"))
    return _save(feedback, by)
