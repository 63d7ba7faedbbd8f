"""Reviews' sections of the yearly report: statutory reviews, and the learning from them.

The report is a public document. With a handful of cases a year, a case reference, a
case's date, or a status beside either could point to a child or family: these sections
give counts for the year and themes only, never a case reference, a case date, an age
band or a type of harm.

Fixed at the year's end: every figure comes from dated records (when a clock fell due
and was met, when a local review was decided, completed or published, when a spotlight
was presented), so a review published or a clock met after 31 March leaves the year as
it stood. The action plan's recommendations are those recorded by the year's end, with
the theme each had then (History). A constant number of queries.
"""

from collections import Counter
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from governance.models import Theme
from governance.periods import FinancialYear
from governance.reporting import Bar, BarChart, Section, as_it_stood, section, year_end, year_start
from governance.statutory import statutory_clocks

from .models import LocalReview, RapidReview, Recommendation, SeriousIncident, SevenMinuteBriefing
from .selectors import COHORT_RULE, Rate, Timeliness, timeliness_of
from .webinars import webinars_between

ORDER_STATUTORY_REVIEWS = 100
ORDER_LEARNING = 110

WITHDRAWN = SeriousIncident.Stage.WITHDRAWN


def report_sections(period: FinancialYear) -> list[Section]:
    return [_statutory_reviews(period), _learning(period)]


def year_timeliness(start_year: int) -> Timeliness:
    """The figures the timeliness page shows, for the whole partnership rather than one
    user: the same rules (reviews.selectors.timeliness_of), every incident of the year,
    counted as they stood at the year's end (a year still running: as they stand today)."""
    period = FinancialYear(start_year)
    today = min(timezone.localdate(), period.end + timedelta(days=1))
    return timeliness_of(SeriousIncident.objects.all(), start_year=start_year, today=today)


def _percent(rate: Rate) -> str:
    return f"{rate.percent}%" if rate.percent is not None else "None due"


def timeliness_chart(figures: Timeliness, period: FinancialYear) -> BarChart:
    """One chart of the three statutory clocks, its table giving each figure with its
    cohort: how many fell due in the year, how many were met in time, and the per cent."""
    return BarChart(
        chart_id="timeliness-chart",
        title=f"Statutory reviews within the statutory time, {period.label}",
        description="Three bars: the per cent of notifications to the Panel due in the year made within "
        "time, of rapid reviews due in the year sent to the Panel within time, and of local reviews due "
        "in the year completed within the aim. The counts are in the table beside the chart.",
        label_heading="Measure",
        columns=("On time", "Due in the year"),
        value_heading="Per cent",
        bars=[
            Bar(label, rate.percent or 0, _percent(rate), (str(rate.within), str(rate.total)))
            for label, rate in figures.rows
        ],
        maximum=100,
    )


def _cohorts(figures: Timeliness) -> list[str]:
    """Each figure with the rule that chose its cohort, in words."""
    clocks = statutory_clocks()
    return [
        f"Notifications to the Panel due in the year: {figures.notifications.total}; made within "
        f"{clocks.notification_working_days} working days of the local authority becoming aware: "
        f"{figures.notifications.within}.",
        f"Rapid reviews due in the year: {figures.rapid_reviews.total}; sent to the Panel within "
        f"{clocks.rapid_review_working_days} working days of the notification: "
        f"{figures.rapid_reviews.within}. A rapid review due in the year and not sent by its due date "
        "counts as late, whether it was sent later or has still not been sent.",
        f"Local reviews due for completion in the year: {figures.local_reviews.total}; completed within "
        f"{clocks.local_review_months} months of the decision to hold them: {figures.local_reviews.within}.",
    ]


def _statutory_reviews(period: FinancialYear) -> Section:
    figures = year_timeliness(period.start_year)
    in_year = (period.start, period.end)
    outcomes = Counter(
        RapidReview.objects.filter(sent_to_panel_on__range=in_year)
        .exclude(incident__stage=WITHDRAWN)
        .exclude(outcome="")
        .values_list("outcome", flat=True)
    )
    outcome_rows = [(label, outcomes.get(value, 0)) for value, label in RapidReview.Outcome.choices]
    local_rows = _local_review_counts(period)
    themes = _themes(period)
    # Spotlight items presented in the year, by the date they were presented.
    spotlights = (
        Recommendation.objects.filter(spotlight=True, spotlight_presented_on__range=in_year)
        .exclude(rapid_review__incident__stage=WITHDRAWN)
        .exclude(local_review__rapid_review__incident__stage=WITHDRAWN)
        .count()
    )
    is_empty = (
        not figures.incidents
        and not any(rate.total for _, rate in figures.rows)
        and not any(count for _, count in local_rows)
        and not any(outcomes.values())
        and not themes
        and not spotlights
    )
    return section(
        key="statutory_reviews",
        order=ORDER_STATUTORY_REVIEWS,
        title="Statutory reviews",
        template="reviews/report/statutory_reviews.html",
        context={
            "figures": figures,
            "chart": timeliness_chart(figures, period).render(),
            "cohorts": _cohorts(figures),
            "cohort_rule": COHORT_RULE,
            "clocks": statutory_clocks(),
            "sent": sum(outcomes.values()),
            "outcome_rows": outcome_rows,
            "local_rows": local_rows,
            "local_any": any(count for _, count in local_rows),
            "themes": themes,
            "spotlights": spotlights,
            "period": period,
        },
        is_empty=is_empty,
    )


def _local_review_counts(period: FinancialYear) -> list[tuple[str, int]]:
    """Local reviews as counts, each from its own date, so the year reads as it stood at
    its end: a review completed or published after 31 March was still in progress then."""
    in_year = (period.start, period.end)
    counts = LocalReview.objects.exclude(rapid_review__incident__stage=WITHDRAWN).aggregate(
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


def _themes(period: FinancialYear) -> list[tuple[str, int]]:
    """Recommendations added to the statutory review action plan in the year, from local
    and national reviews, by the theme each had at the year's end. Three queries."""
    moment = year_end(period)
    added = list(
        Recommendation.objects.filter(created_at__gte=year_start(period), created_at__lte=moment)
        .exclude(rapid_review__incident__stage=WITHDRAWN)
        .exclude(local_review__rapid_review__incident__stage=WITHDRAWN)
        .values_list("pk", flat=True)
    )
    if not added:
        return []
    theme_of = {pk: row.theme_id for pk, row in as_it_stood(Recommendation, moment, ids=added).items()}
    names = dict(Theme.objects.filter(pk__in=set(theme_of.values())).values_list("pk", "name"))
    counted = Counter(names[theme_id] for theme_id in theme_of.values() if theme_id in names)
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def _learning(period: FinancialYear) -> Section:
    in_year = (period.start, period.end)
    # A webinar after a review is recorded once, in training, and the Training section
    # lists it with its attendance; here it is counted, never its attendance again
    # (reviews/webinars.py, filled by thscp/learning.py).
    webinars = webinars_between(period.start, period.end)
    briefings = list(
        SevenMinuteBriefing.objects.filter(published_on__range=in_year)
        .only("pk", "title", "published_on")
        .order_by("published_on", "pk")
    )
    return section(
        key="learning",
        order=ORDER_LEARNING,
        title="Learning from reviews",
        template="reviews/report/learning.html",
        context={"webinars": webinars, "briefings": briefings, "period": period},
        is_empty=not webinars and not briefings,
    )
