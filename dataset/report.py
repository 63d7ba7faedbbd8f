"""The dataset's section of the yearly report (the contract: governance/reporting.py).

For a financial year: the headline indicators with their year-end (Q4) figures, RAG
and trend charts across the year's four quarters and the previous year's, the
completeness of each agency's returns, and the agencies' commentary. Accepted figures
only. A fixed number of queries.
"""

from dataclasses import dataclass

from django.db.models import Q

from governance.periods import FinancialYear
from governance.reporting import Section, section

from .models import Indicator, QuarterlyReturn
from .selectors import indicator_rows

ORDER = 130


@dataclass
class AgencyCompleteness:
    name: str
    accepted: int
    on_time: int
    expected: int


def _headline_indicators(period: FinancialYear) -> list[Indicator]:
    """Headline indicators in use during the year (retired after it started, or never)."""
    in_use = Indicator.objects.filter(superseded_on__isnull=True).filter(
        Q(retired_on__isnull=True) | Q(retired_on__gte=period.start)
    )
    return list(in_use.filter(is_headline=True).select_related("agency").order_by("display_order", "code"))


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
    rows = indicator_rows(_headline_indicators(period), quarters)
    year_end = period.quarters[-1]
    reported = []
    for row in rows:
        this_year = [point for point in row.points if point.period.year == period]
        given = [point for point in this_year if point.value is not None]
        if not given:
            continue
        last = given[-1]
        earlier = [point for point in row.points if point.value is not None and point.period < last.period]
        row.latest = last
        row.previous = earlier[-1] if earlier else None
        reported.append(
            {
                "row": row,
                "year_end": last,
                "is_year_end": last.period == year_end,
                "chart": row.chart(chart_id=f"dataset-{row.indicator.code.lower()}"),
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
                "year_end": year_end,
            },
            is_empty=not reported and not completeness,
        )
    ]
