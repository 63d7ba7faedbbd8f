"""The priorities' section of the yearly report (the contract: governance/reporting.py).

For each priority whose cycle ran in the year: its objectives, what was delivered in the
year, the RAG status at the year's end and its trend (the last update of each quarter),
the deliverables that slipped or had not started by the year's end, named as "little or
no progress" with the reason given (WT 2023 asks the report to say so), the outcome
measures against their baseline and target (a chart and a table), and "you said, we
did" examples.

Fixed at the year's end: the monthly updates and the deliverables are read as they stood
at the end of 31 March (governance.reporting.as_it_stood), so a RAG status changed or a
deliverable moved on since leaves the year as it was; an update entered after the year
end for a month of the year (March's, written in April) is read as it stands. Dates
decide the rest: completed in the year, due by its end, forecast moved by then.

A constant number of queries, however many priorities there are. Confidential notes of
updates are never read: the report is a public document.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from governance import rag
from governance.periods import FinancialYear
from governance.reporting import Bar, BarChart, Section, as_it_stood, section, year_end

from .models import (
    Deliverable,
    Feedback,
    ForecastChange,
    MeasureValue,
    Objective,
    OutcomeMeasure,
    PriorityArea,
    ProgressUpdate,
)

ORDER_PRIORITIES = 90


@dataclass
class Slipped:
    deliverable: Deliverable
    state: str  # "Not started" or "Slipped"
    reason: str


@dataclass
class MeasureRow:
    measure: OutcomeMeasure
    year_end: MeasureValue | None
    chart: str
    met: bool | None


@dataclass
class AreaReport:
    area: PriorityArea
    objectives: list[Objective]
    delivered: list[Deliverable]
    little_progress: list[Slipped]
    year_end: ProgressUpdate | None
    trend: list[tuple[str, ProgressUpdate]]
    measures: list[MeasureRow] = field(default_factory=list)
    you_said_we_did: list[Feedback] = field(default_factory=list)

    @property
    def year_end_label(self) -> str:
        return rag.label(self.year_end.rag) if self.year_end else "Not rated"


def _areas(period: FinancialYear):
    return (
        PriorityArea.objects.filter(cycle__starts_on__lte=period.end, cycle__ends_on__gte=period.start)
        .select_related("cycle", "lead_agency")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.filter(period__lte=period.end)
                .only("pk", "area_id", "period", "rag", "rag_reason")
                .order_by("period"),
            ),
            Prefetch("objectives", queryset=Objective.objects.order_by("position", "pk")),
            Prefetch(
                "objectives__deliverables",
                queryset=Deliverable.objects.select_related("owner__agency").order_by("due_on", "pk"),
            ),
            Prefetch(
                "objectives__deliverables__forecast_changes",
                queryset=ForecastChange.objects.filter(changed_on__lte=period.end).order_by(
                    "changed_on", "pk"
                ),
            ),
            Prefetch("measures", queryset=OutcomeMeasure.objects.order_by("title")),
            Prefetch(
                "measures__values",
                queryset=MeasureValue.objects.filter(measured_on__lte=period.end).order_by("measured_on"),
            ),
            Prefetch(
                "feedback",
                queryset=Feedback.objects.exclude(response="")
                .filter(responded_on__gte=period.start, responded_on__lte=period.end)
                .order_by("received_on", "pk"),
            ),
        )
        .order_by("cycle__starts_on", "display_order", "title")
    )


def _done_by(deliverable: Deliverable, day: date) -> bool:
    return deliverable.completed_on is not None and deliverable.completed_on <= day


def _little_progress(deliverable: Deliverable, period: FinancialYear) -> Slipped | None:
    """Due by the year's end and not done by then: slipped, or not started at all."""
    if deliverable.due_on > period.end or _done_by(deliverable, period.end):
        return None
    changes = list(deliverable.forecast_changes.all())
    reason = (
        changes[-1].reason
        if changes
        else deliverable.blocked_reason or "No reason was recorded with the plan."
    )
    state = "Not started" if deliverable.status == Deliverable.Status.TO_DO else "Slipped"
    return Slipped(deliverable=deliverable, state=state, reason=reason)


def _quarterly_trend(
    updates: list[ProgressUpdate], period: FinancialYear
) -> list[tuple[str, ProgressUpdate]]:
    """The last update of each quarter of the year that had one."""
    trend = []
    for quarter in period.quarters:
        in_quarter = [update for update in updates if quarter.start <= update.period <= quarter.end]
        if in_quarter:
            trend.append((quarter.label, in_quarter[-1]))
    return trend


def _measure_row(measure: OutcomeMeasure, period: FinancialYear) -> MeasureRow:
    values = list(measure.values.all())
    year_end = values[-1] if values else None
    bars = [
        Bar(
            f"Baseline ({measure.baseline_on:%b %Y})",
            float(measure.baseline),
            measure.shown(measure.baseline),
        )
    ]
    if year_end is not None:
        bars.append(
            Bar(
                f"Year end ({year_end.measured_on:%b %Y})",
                float(year_end.value),
                measure.shown(year_end.value),
            )
        )
    bars.append(Bar("Target", float(measure.target), measure.shown(measure.target)))
    better = "higher" if measure.higher_is_better else "lower"
    chart = BarChart(
        chart_id=f"priority-measure-{measure.pk}",
        title=f"{measure.title}, {period.label}",
        description=f"Bars for the baseline, the latest figure by the end of {period.label} and the target; "
        f"a {better} figure is better. The figures are in the table beside the chart.",
        label_heading="Figure",
        value_heading=measure.unit or "Value",
        bars=bars,
        maximum=100 if measure.unit == "%" else None,
    )
    met = None
    if year_end is not None:
        met = (
            year_end.value >= measure.target if measure.higher_is_better else year_end.value <= measure.target
        )
    return MeasureRow(measure=measure, year_end=year_end, chart=chart.render(), met=met)


def _as_at_year_end(areas: list[PriorityArea], period: FinancialYear) -> None:
    """Put each update's RAG and each deliverable's status as they stood at the year's end
    on the prefetched records (two queries, whatever the number of records)."""
    moment = year_end(period)
    updates = [update for area in areas for update in area.updates.all()]
    deliverables = [
        deliverable
        for area in areas
        for objective in area.objectives.all()
        for deliverable in objective.deliverables.all()
    ]
    if updates:
        stood = as_it_stood(ProgressUpdate, moment, ids=[update.pk for update in updates])
        for update in updates:
            if row := stood.get(update.pk):
                update.rag, update.rag_reason = row.rag, row.rag_reason
    if deliverables:
        stood = as_it_stood(Deliverable, moment, ids=[deliverable.pk for deliverable in deliverables])
        for deliverable in deliverables:
            if row := stood.get(deliverable.pk):
                deliverable.status, deliverable.blocked_reason = row.status, row.blocked_reason


def area_reports(period: FinancialYear) -> list[AreaReport]:
    reports = []
    areas = list(_areas(period))
    _as_at_year_end(areas, period)
    for area in areas:
        objectives = list(area.objectives.all())
        deliverables = [d for objective in objectives for d in objective.deliverables.all()]
        updates = list(area.updates.all())
        in_year = [update for update in updates if update.period >= period.start]
        reports.append(
            AreaReport(
                area=area,
                objectives=objectives,
                delivered=[
                    d for d in deliverables if d.completed_on and period.start <= d.completed_on <= period.end
                ],
                little_progress=[s for s in (_little_progress(d, period) for d in deliverables) if s],
                year_end=updates[-1] if updates else None,
                trend=_quarterly_trend(in_year, period),
                measures=[_measure_row(measure, period) for measure in area.measures.all()],
                you_said_we_did=list(area.feedback.all()),
            )
        )
    return reports


def report_sections(period: FinancialYear) -> list[Section]:
    reports = area_reports(period)
    return [
        section(
            key="priorities",
            order=ORDER_PRIORITIES,
            title="Priorities and their progress",
            template="priorities/report/priorities.html",
            context={"reports": reports, "period": period},
            is_empty=not reports,
        )
    ]
