"""Reviews' sections of the yearly report: statutory reviews, and the learning from them.

The report is a public document: figures are counts for the year and cases appear
by case reference at most, never with a summary or anything about the child.
"""

from collections import Counter

from django.db.models import Count, Q

from governance.periods import FinancialYear
from governance.reporting import Bar, BarChart, Section, section

from .models import LocalReview, RapidReview, Recommendation, SeriousIncident, SevenMinuteBriefing, Webinar
from .selectors import Rate, Timeliness, timeliness_of

ORDER_STATUTORY_REVIEWS = 100
ORDER_LEARNING = 110


def report_sections(period: FinancialYear) -> list[Section]:
    return [_statutory_reviews(period), _learning(period)]


def year_timeliness(start_year: int) -> Timeliness:
    """The figures the timeliness page shows, for the whole partnership rather than one
    user: the same rules (reviews.selectors.timeliness_of), every incident of the year."""
    return timeliness_of(SeriousIncident.objects.all(), start_year=start_year)


def _percent(rate: Rate) -> str:
    return f"{rate.percent}%" if rate.percent is not None else "none completed"


def _statutory_reviews(period: FinancialYear) -> Section:
    figures = year_timeliness(period.start_year)
    in_year = (period.start, period.end)
    outcomes = Counter(
        RapidReview.objects.filter(sent_to_panel_on__range=in_year)
        .exclude(outcome="")
        .values_list("outcome", flat=True)
    )
    outcome_rows = [(label, outcomes.get(value, 0)) for value, label in RapidReview.Outcome.choices]
    local_rows = _local_review_counts(period)
    themes = Counter(
        Recommendation.objects.filter(
            Q(rapid_review__incident__aware_on__range=in_year)
            | Q(local_review__rapid_review__incident__aware_on__range=in_year)
        )
        .exclude(rapid_review__incident__stage=SeriousIncident.Stage.WITHDRAWN)
        .exclude(local_review__rapid_review__incident__stage=SeriousIncident.Stage.WITHDRAWN)
        .values_list("theme__name", flat=True)
    )
    # Spotlight items presented in the year, by the date they were presented.
    spotlights = Recommendation.objects.filter(spotlight=True, spotlight_presented_on__range=in_year).count()
    chart = BarChart(
        chart_id="timeliness-chart",
        title=f"Statutory reviews within the statutory time, {period.label}",
        description="Three bars: the per cent of notifications to the Panel made within 5 working days, "
        "of rapid reviews sent to the Panel within 15 working days, and of local reviews completed "
        "within 6 months. The figures are in the table beside the chart.",
        label_heading="Measure",
        value_heading="Within time",
        bars=[
            Bar(
                "Notifications (5 days)", figures.notifications.percent or 0, _percent(figures.notifications)
            ),
            Bar(
                "Rapid reviews (15 days)", figures.rapid_reviews.percent or 0, _percent(figures.rapid_reviews)
            ),
            Bar(
                "Local reviews (6 months)",
                figures.local_reviews.percent or 0,
                _percent(figures.local_reviews),
            ),
        ],
        maximum=100,
    )
    is_empty = (
        not figures.incidents and not any(count for _, count in local_rows) and not any(outcomes.values())
    )
    return section(
        key="statutory_reviews",
        order=ORDER_STATUTORY_REVIEWS,
        title="Statutory reviews",
        template="reviews/report/statutory_reviews.html",
        context={
            "figures": figures,
            "chart": chart.render(),
            "outcome_rows": outcome_rows,
            "local_rows": local_rows,
            "themes": sorted(themes.items(), key=lambda item: (-item[1], item[0])),
            "spotlights": spotlights,
            "period": period,
        },
        is_empty=is_empty,
    )


def _local_review_counts(period: FinancialYear) -> list[tuple[str, int]]:
    """Local reviews as counts, each from its own date, so the year reads as it stood at
    its end. A public report names no case and gives no case's dates: with a handful of
    cases a year, a reference or a date beside a status could identify a family."""
    in_year = (period.start, period.end)
    counts = LocalReview.objects.exclude(
        rapid_review__incident__stage=SeriousIncident.Stage.WITHDRAWN
    ).aggregate(
        decided=Count("pk", filter=Q(decided_on__range=in_year)),
        completed=Count("pk", filter=Q(completed_on__range=in_year)),
        published=Count("pk", filter=Q(published_on__range=in_year)),
        open=Count(
            "pk",
            filter=Q(decided_on__lte=period.end)
            & (Q(completed_on__isnull=True) | Q(completed_on__gt=period.end)),
        ),
    )
    return [
        ("Decided in the year", counts["decided"]),
        ("Completed in the year", counts["completed"]),
        ("Published in the year", counts["published"]),
        ("Still in progress at the end of the year", counts["open"]),
    ]


def _learning(period: FinancialYear) -> Section:
    in_year = (period.start, period.end)
    webinars = list(Webinar.objects.filter(held_on__range=in_year).order_by("held_on", "pk"))
    briefings = list(
        SevenMinuteBriefing.objects.filter(published_on__range=in_year)
        .only("pk", "title", "published_on")
        .order_by("published_on", "pk")
    )
    counted = [webinar.attendees for webinar in webinars if webinar.attendees is not None]
    chart = BarChart(
        chart_id="webinar-chart",
        title=f"Attendance at learning webinars, {period.label}",
        description="One bar for each webinar, its length the number of people who attended. "
        "The figures are in the table beside the chart.",
        label_heading="Webinar",
        value_heading="Attendees",
        bars=[
            Bar(webinar.title, webinar.attendees or 0, str(webinar.attendees) if webinar.attendees else "–")
            for webinar in webinars
        ],
    )
    return section(
        key="learning",
        order=ORDER_LEARNING,
        title="Learning from reviews",
        template="reviews/report/learning.html",
        context={
            "webinars": webinars,
            "briefings": briefings,
            "attendance": sum(counted),
            "smallest": min(counted, default=0),
            "largest": max(counted, default=0),
            "chart": chart.render() if webinars else "",
            "period": period,
        },
        is_empty=not webinars and not briefings,
    )
