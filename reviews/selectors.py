"""Reads for the review pages. Every case query is scoped by the same rule as the pages:
those who may not see cases get an empty queryset, never an error that hints at a case."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from governance.models import Action, Theme
from governance.periods import FinancialYear
from governance.statutory import statutory_clocks

from . import clocks
from .models import (
    AgencyInformationRequest,
    CaseAccessLog,
    Recommendation,
    SeriousIncident,
    SevenMinuteBriefing,
)
from .rules import can_see_cases


def may_see_cases(user) -> bool:
    return bool(can_see_cases(user))


def visible_incidents(*, user) -> QuerySet[SeriousIncident]:
    if not may_see_cases(user):
        return SeriousIncident.objects.none()
    return SeriousIncident.objects.all()


def counted(incidents: QuerySet[SeriousIncident]) -> QuerySet[SeriousIncident]:
    """The cases that count in figures: a withdrawn case (recorded by mistake) does not."""
    return incidents.exclude(stage=SeriousIncident.Stage.WITHDRAWN)


def _with_case_detail(incidents: QuerySet[SeriousIncident]) -> QuerySet[SeriousIncident]:
    return incidents.select_related("rapid_review__local_review", "created_by").prefetch_related(
        "decisions__recorded_by",
        "agencies_involved",
        "other_children",
        Prefetch(
            "rapid_review__information_requests",
            queryset=AgencyInformationRequest.objects.select_related("agency"),
        ),
        "rapid_review__local_review__milestones",
    )


def incident_detail(*, user, incident_id: int) -> SeriousIncident:
    """The case, or SeriousIncident.DoesNotExist for anyone who may not see it."""
    return _with_case_detail(visible_incidents(user=user)).get(pk=incident_id)


def open_cases(*, user) -> QuerySet[SeriousIncident]:
    """Every open case, the oldest first, with what next_due() reads about each."""
    return (
        visible_incidents(user=user)
        .filter(stage__in=SeriousIncident.OPEN_STAGES)
        .select_related("rapid_review__local_review")
        .prefetch_related("rapid_review__local_review__milestones")
        .order_by("aware_on", "pk")
    )


def all_cases(*, user) -> QuerySet[SeriousIncident]:
    return visible_incidents(user=user).order_by("-aware_on", "-pk")


@dataclass(frozen=True)
class NextDue:
    what: str
    clock: clocks.Clock


def next_due(incident: SeriousIncident, *, today: date) -> NextDue | None:
    """What is due next on an open case, from prefetched data (no queries)."""
    if incident.notified_on is None:
        return NextDue("Notify the Panel", incident.notification_clock(today))
    if incident.stage in SeriousIncident.DECIDING_STAGES:
        # The rapid review clock runs from the notification while the partners decide.
        return NextDue("Send the rapid review to the Panel", incident.rapid_review_clock(today))
    if incident.stage == SeriousIncident.Stage.NO_RAPID_REVIEW:
        return NextDue("Tell the Panel no rapid review is held", incident.rapid_review_clock(today))
    review = getattr(incident, "rapid_review", None)
    if review is None:
        return None
    if review.sent_to_panel_on is None:
        return NextDue("Send the rapid review to the Panel", review.clock(today))
    local_review = getattr(review, "local_review", None)
    if local_review is None:
        return None
    for milestone in local_review.milestones.all():
        if milestone.completed_on is None:
            return NextDue(f"Local review milestone: {milestone.title}", milestone.clock(today))
    if local_review.completed_on is None:
        return NextDue("Complete the local review", local_review.clock(today))
    publication_on = local_review.publication_planned_on
    if publication_on and local_review.sent_to_panel_on is None and not local_review.publication_delayed:
        notice = clocks.clock(
            starts_on=local_review.completed_on,
            due_on=clocks.latest_panel_notice(publication_on),
            completed_on=None,
            today=today,
        )
        return NextDue("Send the final report to the Panel and the Secretary of State", notice)
    return None


@dataclass(frozen=True)
class NextStep:
    what: str
    url: str = ""
    # Who may take the step from its link: others see what is next, without a link.
    permission: str = "reviews.view_cases"

    def for_user(self, user) -> "NextStep":
        return self if user.has_perm(self.permission) else NextStep(self.what)


def next_step(incident: SeriousIncident) -> NextStep | None:
    """What the case needs next, as the case page points to it (no queries beyond the
    case's own prefetch)."""
    stage, pk = incident.stage, incident.pk
    if stage in (SeriousIncident.Stage.WITHDRAWN, SeriousIncident.Stage.CLOSED):
        return None
    if not incident.notified_on:
        return NextStep(
            "Notify the Panel and record the date",
            reverse("reviews:incident_notification", args=[pk]),
            "reviews.manage_cases",
        )
    if stage == SeriousIncident.Stage.DECISIONS:
        return NextStep("Each of the three partners records its decision on holding a rapid review")
    if stage == SeriousIncident.Stage.DISAGREEMENT:
        return NextStep(
            "The partners disagree: the Executive decides",
            reverse("reviews:executive_decision", args=[pk]),
            "reviews.resolve_disagreement",
        )
    if stage == SeriousIncident.Stage.NO_RAPID_REVIEW:
        return NextStep(
            "Tell the Panel no rapid review is held, and why",
            reverse("reviews:no_rapid_review", args=[pk]),
            "reviews.manage_cases",
        )
    review = getattr(incident, "rapid_review", None)
    if review is None:
        return None
    if not review.sent_to_panel_on:
        due = f" by {review.due_on:%-d %B %Y}" if review.due_on else ""
        return NextStep(f"Complete the rapid review and send it to the Panel{due}", review.get_absolute_url())
    if not review.panel_response_received_on:
        return NextStep(
            "Record the Panel's response to the rapid review",
            reverse("reviews:panel_response", args=[pk]),
            "reviews.record_rapid_review",
        )
    local_review = getattr(review, "local_review", None)
    if local_review is None:
        return None
    if not local_review.completed_on:
        return NextStep(
            f"Complete the local review by {local_review.target_completion_on:%-d %B %Y} (the 6-month aim)",
            local_review.get_absolute_url(),
        )
    if not local_review.published_on:
        return NextStep(
            "Plan and record the publication",
            reverse("reviews:local_review_publication", args=[pk]),
            "reviews.manage_cases",
        )
    return None


def waiting_for(incident: SeriousIncident) -> str:
    """What an open case with nothing dated is waiting for (no queries)."""
    if incident.stage == SeriousIncident.Stage.DECISIONS:
        return "The three partners' decisions"
    if incident.stage == SeriousIncident.Stage.DISAGREEMENT:
        return "The Executive's decision"
    if incident.stage == SeriousIncident.Stage.NO_RAPID_REVIEW:
        return "Telling the Panel no rapid review is held"
    local_review = getattr(getattr(incident, "rapid_review", None), "local_review", None)
    if local_review is not None and local_review.publication_delayed:
        return "Publication, delayed on the Executive's route"
    if local_review is not None and not local_review.published_on:
        return "A publication plan"
    return "Nothing dated"


@dataclass
class CaseRow:
    incident: SeriousIncident
    due: NextDue | None
    waiting_for: str


def dashboard_rows(incidents, *, today: date) -> list[CaseRow]:
    return [
        CaseRow(incident=incident, due=next_due(incident, today=today), waiting_for=waiting_for(incident))
        for incident in incidents
    ]


def access_log(*, user, incident: SeriousIncident) -> QuerySet[CaseAccessLog]:
    if not user.has_perm("reviews.view_access_log"):
        return CaseAccessLog.objects.none()
    return incident.access_log.select_related("user").order_by("-viewed_at", "-pk")


# The statutory review action plan


_RECOMMENDATION_RELATIONS = (
    "theme",
    "action__owner__agency",
    "action__group",
    "spotlight_agency",
    "rapid_review__incident",
    "local_review__rapid_review__incident",
)


def recommendations(*, user) -> QuerySet[Recommendation]:
    if not may_see_cases(user):
        return Recommendation.objects.none()
    # A withdrawn case's recommendations went with it (their actions were cancelled).
    withdrawn = SeriousIncident.Stage.WITHDRAWN
    return (
        Recommendation.objects.select_related(*_RECOMMENDATION_RELATIONS)
        .exclude(rapid_review__incident__stage=withdrawn)
        .exclude(local_review__rapid_review__incident__stage=withdrawn)
        .order_by("theme__name", "pk")
    )


@dataclass
class ThemeGroup:
    theme: Theme
    recommendations: list = field(default_factory=list)
    continued: bool = False  # the theme began on an earlier page

    @property
    def reviews(self) -> int:
        """How many reviews, local (one per case) and national (one per title)."""
        return len({item.incident_id or item.national_review for item in self.recommendations})


def action_plan_rows(*, user, theme_id: int | None = None, state: str = "") -> QuerySet[Recommendation]:
    """The action plan's recommendations, in theme order, optionally of one theme and
    open (action not closed) or closed."""
    rows = recommendations(user=user)
    if theme_id:
        rows = rows.filter(theme_id=theme_id)
    closed = Q(action__status__in=Action.CLOSED_STATUSES)
    if state == "open":
        rows = rows.exclude(closed)
    elif state == "closed":
        rows = rows.filter(closed)
    return rows


def group_by_theme(rows, *, first_theme_continues: bool = False) -> list[ThemeGroup]:
    """One page of recommendations grouped under their themes, so duplicates show."""
    groups: dict[int, ThemeGroup] = {}
    for recommendation in rows:
        group = groups.setdefault(recommendation.theme_id, ThemeGroup(theme=recommendation.theme))
        group.recommendations.append(recommendation)
    grouped = list(groups.values())
    if grouped and first_theme_continues:
        grouped[0].continued = True
    return grouped


def action_plan_by_theme(*, user, theme_id: int | None = None) -> list[ThemeGroup]:
    """Every recommendation from every review, grouped by theme, so duplicates show."""
    return group_by_theme(action_plan_rows(user=user, theme_id=theme_id))


@dataclass(frozen=True)
class ThemeSummary:
    theme_id: int
    name: str
    recommendations: int
    reviews: int
    open: int
    overdue: int
    spotlights: int


def action_plan_summary(*, user, today: date) -> list[ThemeSummary]:
    """Per theme: how many recommendations, from how many reviews, open, overdue and
    spotlighted. One query, however many recommendations there are."""
    closed = Q(action__status__in=Action.CLOSED_STATUSES)
    case = Coalesce("local_review__rapid_review__incident_id", "rapid_review__incident_id")
    rows = (
        recommendations(user=user)
        .order_by()
        .values("theme_id", "theme__name")
        .annotate(
            total=Count("pk"),
            cases=Count(case, distinct=True),
            national=Count("national_review", distinct=True, filter=~Q(national_review="")),
            open=Count("pk", filter=~closed),
            overdue=Count("pk", filter=~closed & Q(action__due_date__lt=today)),
            spotlights=Count("pk", filter=Q(spotlight=True)),
        )
        .order_by("theme__name")
    )
    return [
        ThemeSummary(
            theme_id=row["theme_id"],
            name=row["theme__name"],
            recommendations=row["total"],
            reviews=row["cases"] + row["national"],
            open=row["open"],
            overdue=row["overdue"],
            spotlights=row["spotlights"],
        )
        for row in rows
    ]


def themes_in_use(*, user) -> QuerySet[Theme]:
    if not may_see_cases(user):
        return Theme.objects.none()
    return Theme.objects.filter(review_recommendations__isnull=False).distinct().order_by("name")


# Learning: anonymised, for every partner user; never joined to the case.


def published_briefings(*, today: date | None = None) -> QuerySet[SevenMinuteBriefing]:
    today = today or timezone.localdate()
    return (
        SevenMinuteBriefing.objects.filter(published_on__lte=today)
        .only("pk", "title", "summary", "published_on", "document", "document_name")
        .order_by("-published_on", "-pk")
    )


def briefings_to_manage() -> QuerySet[SevenMinuteBriefing]:
    """Every briefing, drafts and those dated ahead included: for those who write them."""
    return SevenMinuteBriefing.objects.only(
        "pk", "title", "summary", "published_on", "document", "document_name"
    ).order_by(models.F("published_on").desc(nulls_first=True), "-pk")


# Timeliness per financial year (April to March)


@dataclass(frozen=True)
class Rate:
    within: int
    total: int

    @property
    def percent(self) -> int | None:
        # Half up, as people round (5 of 8 is 63%): Python's round() goes to the even number.
        return (200 * self.within + self.total) // (2 * self.total) if self.total else None


@dataclass
class Timeliness:
    start_year: int
    notifications: Rate
    rapid_reviews: Rate
    local_reviews: Rate
    incidents: int
    by_harm_type: list[tuple[str, int]]
    by_age_band: list[tuple[str, int]]

    @property
    def label(self) -> str:
        return FinancialYear(self.start_year).long_label

    @property
    def rows(self) -> list[tuple[str, Rate]]:
        clocks = statutory_clocks()
        return [
            (f"Notifications within {clocks.notification_working_days} working days", self.notifications),
            (f"Rapid reviews within {clocks.rapid_review_working_days} working days", self.rapid_reviews),
            (f"Local reviews within {clocks.local_review_months} months", self.local_reviews),
        ]

    @property
    def cohort_rule(self) -> str:
        return COHORT_RULE


def timeliness(*, user, start_year: int) -> Timeliness:
    """Notifications within 5 working days, rapid reviews within 15, LCSPRs within 6 months,
    for the incidents the local authority became aware of in the financial year."""
    return timeliness_of(visible_incidents(user=user), start_year=start_year)


# The one cohort rule for timeliness, shown beside every figure that uses it.
COHORT_RULE = (
    "Each statutory clock counts in the financial year in which it fell due: on time if it was met "
    "by its due date; late if it was met after it, or has not been met and its due date has passed. "
    "Clocks still running are not counted yet."
)


def _clock_rate(clocks: list[tuple[date | None, date | None]], *, year: FinancialYear, today: date) -> Rate:
    """(due on, met on) pairs to a rate under COHORT_RULE."""
    counted = [
        (due_on, met_on)
        for due_on, met_on in clocks
        if due_on is not None and due_on in year and (met_on is not None or due_on < today)
    ]
    return Rate(sum(met_on is not None and met_on <= due_on for due_on, met_on in counted), len(counted))


def timeliness_of(
    incidents: QuerySet[SeriousIncident], *, start_year: int, today: date | None = None
) -> Timeliness:
    """The timeliness figures over these incidents, under COHORT_RULE; the numbers of
    incidents by harm and age are those the local authority became aware of in the
    year. The page and the yearly report both count this way."""
    year = FinancialYear(start_year)
    today = today or timezone.localdate()
    # A clock falls due at most about 7 months after awareness (the local review's aim),
    # so cases from the year before can still have clocks due in this one.
    candidates = list(
        counted(incidents)
        .filter(aware_on__range=(year.start - timedelta(days=366), year.end))
        .select_related("rapid_review__local_review")
    )
    rapid_reviews = [review for incident in candidates if (review := getattr(incident, "rapid_review", None))]
    local_reviews = [review for rapid in rapid_reviews if (review := getattr(rapid, "local_review", None))]
    # The rapid review clock of every notified case that holds one or is still deciding:
    # a case whose partners are still deciding after the clock ran out is late too.
    rapid_review_clocks = [
        (incident.rapid_review_due, incident.rapid_review_met_on)
        for incident in candidates
        if incident.notified_on
        and (hasattr(incident, "rapid_review") or incident.stage in SeriousIncident.DECIDING_STAGES)
    ]
    aware_in_year = [incident for incident in candidates if incident.aware_on in year]
    harm = Counter(incident.harm_type for incident in aware_in_year)
    ages = Counter(incident.age_band for incident in aware_in_year)

    def rate(clocks):
        return _clock_rate(clocks, year=year, today=today)

    return Timeliness(
        start_year=start_year,
        notifications=rate([(incident.notification_due, incident.notified_on) for incident in candidates]),
        rapid_reviews=rate(rapid_review_clocks),
        local_reviews=rate([(review.target_completion_on, review.completed_on) for review in local_reviews]),
        incidents=len(aware_in_year),
        by_harm_type=[(label, harm.get(value, 0)) for value, label in SeriousIncident.HarmType.choices],
        by_age_band=[(label, ages.get(value, 0)) for value, label in SeriousIncident.AgeBand.choices],
    )


def financial_years_with_cases(*, user) -> list[int]:
    days = counted(visible_incidents(user=user)).dates("aware_on", "month")
    years = sorted({FinancialYear.containing(day).start_year for day in days}, reverse=True)
    current = FinancialYear.containing(timezone.localdate()).start_year
    if current not in years:
        years.insert(0, current)
    return years
