"""The dataset's section of the yearly report (the contract: governance/reporting.py).

For a financial year: the headline indicators with their year-end (Q4) figures, RAG
and trend charts across the year's four quarters and the previous year's, the
completeness of each agency's returns, and the agencies' commentary. Accepted figures
only. A fixed number of queries.

Fixed at the year's end, as accepted: a figure is reported as it stood at the end of 31
March if the business unit had accepted it by then. The returns for January to March
fall due about 20 working days after the year ends, so a figure accepted after 31 March
belongs to the year too, as it was first accepted. A correction made after that, or a
figure returned after the year end, does not change the year's report. The indicators
are read as they stood at the year's end (an indicator added afterwards, as it stands).
"""

from collections import defaultdict
from dataclasses import dataclass, replace

from governance.periods import FinancialYear, Quarter
from governance.reporting import Section, as_it_stood, section, year_end

from .models import Indicator, QuarterlyReturn, ReturnValue
from .selectors import IndicatorRow, Point, quarters_q

ORDER = 130


@dataclass
class AgencyCompleteness:
    name: str
    accepted: int
    on_time: int
    expected: int


def _headline_indicators(period: FinancialYear) -> list[Indicator]:
    """Headline indicators in use during the year (not superseded at its end, and retired
    after it started or never), each as it stood at the year's end: one query."""
    chosen: dict[str, Indicator] = {}
    for row in as_it_stood(Indicator, year_end(period)).values():
        if not row.is_headline or (row.superseded_on and row.superseded_on <= period.end):
            continue
        if row.retired_on and row.retired_on < period.start:
            continue
        # A version started after the year end for a changed definition is not the year's.
        if row.code not in chosen or row.version < chosen[row.code].version:
            chosen[row.code] = row.instance
    return sorted(chosen.values(), key=lambda indicator: (indicator.display_order, indicator.code))


def _accepted_figures(indicators: list[Indicator], quarters: list[Quarter], period: FinancialYear):
    """{(indicator id, quarter): Point} of the figures accepted as the module says: two
    queries, whatever the number of figures."""
    moment = year_end(period)
    values = {
        pk: (indicator_id, Quarter(FinancialYear(year), number))
        for pk, indicator_id, year, number in ReturnValue.objects.filter(
            quarters_q(quarters, "quarterly_return__"),
            indicator__in=[indicator.pk for indicator in indicators],
        ).values_list("pk", "indicator_id", "quarterly_return__year", "quarterly_return__quarter")
    }
    history = defaultdict(list)
    for row in (
        ReturnValue.history.filter(id__in=list(values))
        .order_by("id", "history_date", "history_id")
        .only("id", "history_date", "history_type", "status", "value", "comment")
    ):
        history[row.id].append(row)
    found = {}
    for pk, rows in history.items():
        by_year_end = [row for row in rows if row.history_date <= moment]
        if by_year_end and by_year_end[-1].status == ReturnValue.Status.ACCEPTED:
            accepted = by_year_end[-1]
        else:
            later = [row for row in rows if row.history_date > moment]
            accepted = next((row for row in later if row.status == ReturnValue.Status.ACCEPTED), None)
        if accepted is not None and accepted.history_type != "-" and accepted.value is not None:
            indicator_id, quarter = values[pk]
            found[(indicator_id, quarter)] = Point(quarter, accepted.value, accepted.comment)
    return found


def _completeness(period: FinancialYear) -> list[AgencyCompleteness]:
    returns = QuarterlyReturn.objects.filter(year=period.start_year).select_related("agency")
    by_agency: dict[int, AgencyCompleteness] = {}
    for found in returns:
        entry = by_agency.setdefault(found.agency_id, AgencyCompleteness(found.agency.name, 0, 0, 4))
        if found.status == QuarterlyReturn.Status.ACCEPTED:
            entry.accepted += 1
        if found.submitted_at is not None and found.submitted_at.date() <= found.due_on:
            entry.on_time += 1
    return sorted(by_agency.values(), key=lambda entry: entry.name)


def report_sections(period: FinancialYear) -> list[Section]:
    quarters = period.previous.quarters + period.quarters
    indicators = _headline_indicators(period)
    figures = _accepted_figures(indicators, quarters, period) if indicators else {}
    year_end_quarter = period.quarters[-1]
    reported = []
    for indicator in indicators:
        points = [figures.get((indicator.pk, quarter), Point(quarter, None)) for quarter in quarters]
        this_year = [point for point in points if point.period.year == period]
        given = [point for point in this_year if point.value is not None]
        if not given:
            continue
        last = given[-1]
        earlier = [point for point in points if point.value is not None and point.period < last.period]
        row = IndicatorRow(
            indicator=indicator, points=points, latest=last, previous=earlier[-1] if earlier else None
        )
        reported.append(
            {
                "row": row,
                "year_end": last,
                "is_year_end": last.period == year_end_quarter,
                # Eight quarters: compact, their table across the page, so that two
                # indicators share a page of the PDF.
                "chart": replace(
                    row.chart(chart_id=f"dataset-{indicator.code.lower()}"),
                    compact=True,
                    across=True,
                    rows=[],
                ),
                "comments": [point for point in this_year if point.comment],
            }
        )
    completeness = _completeness(period)
    return [
        section(
            key="dataset",
            order=ORDER,
            title="Multi-agency dataset highlights",
            template="dataset/report/dataset.html",
            context={
                "period": period,
                "reported": reported,
                "completeness": completeness,
                "year_end": year_end_quarter,
            },
            is_empty=not reported and not completeness,
        )
    ]
