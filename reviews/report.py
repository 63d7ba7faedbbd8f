"""Reviews' sections of the yearly report: statutory reviews, and the learning from them.

The report is a public document: figures are counts for the year and cases appear
by case reference at most, never with a summary or anything about the child.
"""

from collections import Counter

from django.db.models import Q

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
    local_reviews = list(
        LocalReview.objects.filter(
            Q(decided_on__range=in_year)
            | Q(completed_on__range=in_year)
            | Q(published_on__range=in_year)
            | Q(completed_on__isnull=True, decided_on__lte=period.end)
        )
        .exclude(rapid_review__incident__stage=SeriousIncident.Stage.WITHDRAWN)
        .select_related("rapid_review__incident")
        .order_by("decided_on", "pk")
    )
    local_rows = []
    for review in local_reviews:
        if review.published_on and review.published_on <= period.end:
            status = f"Published {review.published_on:%-d %B %Y}"
        elif review.publication_delayed:
            status = "Publication delayed"
        elif review.completed_on and review.completed_on <= period.end:
            status = f"Completed {review.completed_on:%-d %B %Y}"
        else:
            status = "In progress"
        local_rows.append(
            {
                # The case reference only: nothing about the child or the family.
                "reference": review.rapid_review.incident.reference,
                "decided_on": review.decided_on,
                "target": review.target_completion_on,
                "status": status,
            }
        )
    themes = Counter(
        Recommendation.objects.filter(
            Q(rapid_review__incident__aware_on__range=in_year)
            | Q(local_review__rapid_review__incident__aware_on__range=in_year)
        )
        .exclude(rapid_review__incident__stage=SeriousIncident.Stage.WITHDRAWN)
        .exclude(local_review__rapid_review__incident__stage=SeriousIncident.Stage.WITHDRAWN)
        .values_list("theme__name", flat=True)
    )
    # Spotlight items are presented whenever the evidence is ready: counted to date.
    spotlights = Recommendation.objects.filter(spotlight=True).count()
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
    is_empty = not figures.incidents and not local_rows and not any(outcomes.values())
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
