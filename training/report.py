"""Training's section of the yearly report (the contract: governance/reporting.py).

For the period: courses and sessions run, places offered and taken, attendance by
agency, webinars with their attendance (those after rapid and local reviews marked: each
webinar is recorded once, here, so reviews' section does not count it again),
evaluation results (confidence before, straight after and 6-8 weeks later), Safeguarding
Month and bulletins sent. Counts only: the report is a public document, and it never
names the review a webinar came from. A constant number of queries.
"""

from collections import Counter

from django.db.models import Count, Q, Sum

from governance.learning_from import source_for
from governance.models import Agency, Person
from governance.periods import FinancialYear
from governance.reporting import Bar, BarChart, Section, as_at, section, year_end

from . import selectors
from .models import Booking, Bulletin, Evaluation, Session

ORDER_TRAINING = 120


def report_sections(period: FinancialYear) -> list[Section]:
    held = Session.objects.filter(
        starts_at__date__gte=period.start, starts_at__date__lte=period.end, status=Session.Status.SCHEDULED
    )
    totals = held.aggregate(
        sessions=Count("pk", distinct=True),
        courses=Count("course", distinct=True),
        offered=Sum("capacity"),
        joined=Sum("head_count"),
    )
    taken = Booking.objects.filter(session__in=held, status=Booking.Status.BOOKED)
    attended = taken.filter(attended=True)
    by_agency = _attendance_by_agency(attended, period)
    webinars = list(
        held.filter(kind=Session.Kind.WEBINAR)
        .select_related("learned_from_type")
        .annotate(booked_attended=Count("bookings", filter=Q(bookings__attended=True)))
        .order_by("starts_at")
    )
    month = list(
        held.filter(kind=Session.Kind.SAFEGUARDING_MONTH).select_related("course").order_by("starts_at")
    )
    bulletins = Bulletin.objects.filter(
        sent_at__date__gte=period.start, sent_at__date__lte=period.end
    ).count()
    results = selectors.evaluation_results(
        Evaluation.objects.filter(booking__session__in=held),
        chart_id="training-confidence",
        subject=period.label,
    )
    agency_chart = BarChart(
        chart_id="training-attendance",
        title=f"Attendance at multi-agency training by agency, {period.label}",
        description="One bar for each agency, its length the number of its staff who attended a session.",
        bars=[Bar(name, people, str(people)) for name, people in by_agency],
        value_heading="People who attended",
        label_heading="Agency",
    )
    webinar_rows = [
        (
            webinar.name,
            webinar.day,
            (webinar.head_count or 0) + webinar.booked_attended,
            # "Learning from reviews", never which review.
            source.public_label if (source := source_for(webinar.learned_from_type)) else "",
        )
        for webinar in webinars
    ]
    is_empty = not totals["sessions"] and not bulletins and not webinar_rows
    return [
        section(
            key="training",
            order=ORDER_TRAINING,
            title="Training",
            template="training/report/section.html",
            context={
                "period": period,
                "totals": totals,
                "places_taken": taken.filter(session__capacity__isnull=False).count(),
                "attended": attended.count(),
                "agency_chart": agency_chart.render() if by_agency else "",
                "by_agency": by_agency,
                "webinars": webinar_rows,
                "month": month,
                "bulletins": bulletins,
                "results": results,
                "confidence_chart": results.chart.render() if results.chart else "",
            },
            is_empty=is_empty,
        )
    ]


def _attendance_by_agency(attended, period: FinancialYear) -> list[tuple[str, int]]:
    """Who attended, counted by the agency each person was with at the year's end (from
    History), so a move of agency later does not rewrite a closed year. Someone entered
    in the directory after the year's end counts under their agency now. Three queries."""
    people = list(attended.values_list("person_id", "person__agency__name"))
    moment = year_end(period)
    then = as_at(Person, moment, ids={person for person, _ in people})
    agencies = as_at(Agency, moment, ids={row.agency_id for row in then.values()})
    counted = Counter()
    for person, name_now in people:
        row = then.get(person)
        agency = agencies.get(row.agency_id) if row is not None else None
        counted[agency.name if agency is not None else name_now] += 1
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))
