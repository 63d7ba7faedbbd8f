"""Reads for the priority pages: a constant number of queries however many areas,
deliverables and updates there are. Every role with access reads the plans; what some
may not see (an update's confidential notes) is hidden by the field rule in rules.py."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from governance import selectors as governance_selectors
from governance.models import Action
from governance.rag import Rag

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
    month_start,
)
from .rules import area_lead_ids

# How good each RAG status is, to say whether a trend improves.
RAG_SCORE = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.BLUE: 3}
TREND_LENGTH = 6


def current_cycle(today: date) -> PriorityCycle | None:
    """The cycle running today; else the latest to have started; else the first planned."""
    cycles = PriorityCycle.objects.all()
    return (
        cycles.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first()
        or cycles.filter(starts_on__lte=today).order_by("-starts_on").first()
        or cycles.order_by("starts_on").first()
    )


def cycles() -> QuerySet[PriorityCycle]:
    return PriorityCycle.objects.order_by("-starts_on")


def _deliverables() -> QuerySet[Deliverable]:
    return Deliverable.objects.select_related("owner__agency", "objective").order_by("forecast_on", "pk")


def areas_of(cycle: PriorityCycle | None) -> QuerySet[PriorityArea]:
    """The cycle's areas with everything the index, summary and board read about them."""
    if cycle is None:
        return PriorityArea.objects.none()
    return (
        PriorityArea.objects.filter(cycle=cycle)
        .select_related("cycle", "sponsor", "lead_agency", "oversight_group")
        .prefetch_related(
            "leads",
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-period")),
            Prefetch("objectives", queryset=Objective.objects.order_by("position", "pk")),
            Prefetch("objectives__deliverables", queryset=_deliverables()),
        )
        .order_by("display_order", "title")
    )


def area_detail(*, area_id: int) -> PriorityArea:
    return (
        PriorityArea.objects.select_related("cycle", "sponsor__agency", "lead_agency", "oversight_group")
        .prefetch_related(
            "leads__agency",
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-period")),
            Prefetch("objectives", queryset=Objective.objects.order_by("position", "pk")),
            Prefetch("objectives__deliverables", queryset=_deliverables()),
            Prefetch("measures", queryset=OutcomeMeasure.objects.order_by("title")),
            Prefetch("measures__values", queryset=MeasureValue.objects.order_by("measured_on")),
            Prefetch("feedback", queryset=Feedback.objects.order_by("-received_on", "-pk")),
        )
        .get(pk=area_id)
    )


def deliverable_detail(*, deliverable_id: int) -> Deliverable:
    return (
        Deliverable.objects.select_related(
            "owner__agency", "objective__area__cycle", "objective__area__oversight_group"
        )
        .prefetch_related(
            Prefetch("forecast_changes", queryset=ForecastChange.objects.select_related("changed_by")),
            "objective__area__leads",
        )
        .get(pk=deliverable_id)
    )


def actions_raised_from(record, *, user) -> QuerySet[Action]:
    """The actions raised from the record that the user may see in the action log (its
    own rule: governance.selectors.visible_actions), so no title shows here that the
    action's page would refuse."""
    return (
        governance_selectors.visible_actions(user=user)
        .filter(source_type=ContentType.objects.get_for_model(record), source_id=record.pk)
        .order_by("due_date", "pk")
    )


def all_deliverables(area: PriorityArea) -> list[Deliverable]:
    """The area's deliverables, from the prefetched objectives."""
    return [
        deliverable for objective in area.objectives.all() for deliverable in objective.deliverables.all()
    ]


@dataclass
class Slippage:
    """A deliverable not done that is late or forecast to be: overdue once its due date
    has passed, and forecast so many days after it when the forecast has moved."""

    deliverable: Deliverable
    days_overdue: int
    forecast_days_after_due: int
    forecast_passed: bool


def slippage(deliverable: Deliverable, today: date) -> Slippage | None:
    if deliverable.is_done:
        return None
    overdue, forecast_late = deliverable.days_overdue(today), deliverable.forecast_days_after_due
    if not (overdue or forecast_late):
        return None
    return Slippage(deliverable, overdue, forecast_late, forecast_passed=deliverable.forecast_on < today)


@dataclass
class AreaSummary:
    """What the Executive summary and the index show about one area."""

    area: PriorityArea
    latest: ProgressUpdate | None
    trend: list[ProgressUpdate]  # oldest first
    direction: str
    slipped: list[Slippage]  # not done, and overdue or forecast after the due date
    overdue: list[Deliverable]
    asks: list[ProgressUpdate]
    counts: dict[str, int] = field(default_factory=dict)
    # The month whose update has not come yet, while the cycle runs.
    missing_update: date | None = None

    @property
    def deliverable_count(self) -> int:
        return sum(self.counts.values())


def direction_of(updates: list[ProgressUpdate]) -> str:
    """Improving, worsening or no change across the updates shown (oldest first): the
    latest RAG status against the first."""
    if len(updates) < 2:
        return "No trend yet"
    before, now = RAG_SCORE.get(updates[0].rag, 0), RAG_SCORE.get(updates[-1].rag, 0)
    if now > before:
        return "Improving"
    if now < before:
        return "Worsening"
    return "No change"


def summarise(area: PriorityArea, *, today: date) -> AreaSummary:
    """From the prefetched updates and deliverables (areas_of, area_detail): no queries."""
    updates = list(area.updates.all())  # newest first
    trend = list(reversed(updates[:TREND_LENGTH]))
    this_month = month_start(today)
    deliverables = all_deliverables(area)
    counts = dict.fromkeys(Deliverable.Status.values, 0)
    for deliverable in deliverables:
        counts[deliverable.status] += 1
    return AreaSummary(
        area=area,
        latest=updates[0] if updates else None,
        trend=trend,
        direction=direction_of(trend),
        slipped=[late for late in (slippage(d, today) for d in deliverables) if late],
        overdue=[d for d in deliverables if d.is_overdue(today)],
        asks=[update for update in updates if update.has_open_ask],
        counts=counts,
        missing_update=this_month
        if area.cycle.runs_on(today) and not (updates and updates[0].period >= this_month)
        else None,
    )


def summaries(cycle: PriorityCycle | None, *, today: date) -> list[AreaSummary]:
    return [summarise(area, today=today) for area in areas_of(cycle)]


def board_columns(area: PriorityArea) -> list[tuple[str, str, list[Deliverable]]]:
    """The area's deliverables by status, in the board's order: (status, label, cards)."""
    deliverables = all_deliverables(area)
    return [
        (value, label, [d for d in deliverables if d.status == value])
        for value, label in Deliverable.Status.choices
    ]


def may_update_deliverables(user, area: PriorityArea) -> set[int] | None:
    """The deliverables of the area this user may move on the board or re-forecast: None
    for all of them (the business unit, the area's leads and sponsor), else the set of
    those they own if they sit on the group that oversees the area. One query at most."""
    if user.has_perm("priorities.change_priorityarea", area):
        return None
    person = getattr(user, "person", None)
    if person is None or area.oversight_group_id is None:
        return set()
    if not area.oversight_group.members.filter(pk=person.pk).exists():
        return set()
    return {d.pk for d in all_deliverables(area) if d.owner_id == person.pk}


def areas_led_by(person) -> QuerySet[PriorityArea]:
    if person is None:
        return PriorityArea.objects.none()
    return PriorityArea.objects.filter(Q(leads=person) | Q(sponsor=person)).distinct()


def open_asks() -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.exclude(ask="")
        .filter(ask_response="")
        .select_related("area__cycle")
        .order_by("-period", "area__display_order", "pk")
    )


def is_lead(user, area) -> bool:
    person = getattr(user, "person", None)
    return person is not None and person.pk in area_lead_ids(area)
