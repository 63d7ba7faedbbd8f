"""Reads for the training pages: each list a constant number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from governance.periods import FinancialYear
from governance.reporting import Bar, BarChart

from .models import Booking, Bulletin, Course, Evaluation, NeedsAnalysis, NeedsResponse, Resource, Session

BOOKED = Q(bookings__status=Booking.Status.BOOKED)


def sessions() -> QuerySet[Session]:
    return (
        Session.objects.select_related("course")
        .annotate(
            booked=Count("bookings", filter=BOOKED),
            waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
            attended_count=Count(
                "bookings", filter=Q(bookings__status=Booking.Status.BOOKED, bookings__attended=True)
            ),
        )
        .order_by("starts_at", "pk")
    )


def upcoming_sessions(*, now=None) -> QuerySet[Session]:
    return sessions().filter(ends_at__gte=now or timezone.now())


def past_sessions(*, now=None) -> QuerySet[Session]:
    return sessions().filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")


def courses() -> QuerySet[Course]:
    return (
        Course.objects.select_related("provider")
        .annotate(session_count=Count("sessions", filter=~Q(sessions__status=Session.Status.CANCELLED)))
        .order_by("title")
    )


def session_bookings(session: Session) -> QuerySet[Booking]:
    return session.bookings.select_related("person__agency").order_by("status", "booked_at", "pk")


def my_bookings(person) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(person=person)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("session__course")
        .order_by("-session__starts_at")
    )


# Attendance by agency, for the business unit (the page and its CSV read the same rows)


def attendance(*, period: FinancialYear, agency=None) -> QuerySet[Booking]:
    """Places taken on the period's sessions (not cancelled), each with whether the
    person attended; by date, then agency and name."""
    bookings = Booking.objects.filter(
        status=Booking.Status.BOOKED,
        session__status=Session.Status.SCHEDULED,
        session__starts_at__date__gte=period.start,
        session__starts_at__date__lte=period.end,
    )
    if agency is not None:
        bookings = bookings.filter(person__agency=agency)
    return bookings.select_related("session__course", "person__agency").order_by(
        "session__starts_at", "session__pk", "person__agency__name", "person__full_name", "pk"
    )


def attendance_summary(bookings: QuerySet[Booking]) -> list[dict]:
    """The same places, counted for each agency (one query)."""
    return list(
        bookings.order_by()
        .values("person__agency__name")
        .annotate(
            places=Count("pk"),
            came=Count("pk", filter=Q(attended=True)),
            absent=Count("pk", filter=Q(attended=False)),
            unmarked=Count("pk", filter=Q(attended__isnull=True)),
        )
        .order_by("person__agency__name")
    )


def training_years(today: date) -> list[FinancialYear]:
    """The financial years with sessions, and the current one: newest first (one query)."""
    span = Session.objects.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    current = FinancialYear.containing(today)
    first = FinancialYear.containing(timezone.localtime(span["first"]).date()) if span["first"] else current
    last = FinancialYear.containing(timezone.localtime(span["last"]).date()) if span["last"] else current
    first, last = min(first.start_year, current.start_year), max(last.start_year, current.start_year)
    return [FinancialYear(year) for year in range(last, first - 1, -1)]


def library() -> QuerySet[Resource]:
    return Resource.objects.filter(published_on__lte=timezone.localdate()).order_by("-published_on", "pk")


def held_webinars(*, now=None) -> QuerySet[Session]:
    """Webinars that have been held, newest first: the library lists them (those after
    reviews among them) with their attendance and recording."""
    return (
        sessions()
        .filter(kind=Session.Kind.WEBINAR, starts_at__lte=now or timezone.now())
        .exclude(status=Session.Status.CANCELLED)
        # Those who joined without booking and those booked who came.
        .annotate(attendance=Coalesce("head_count", 0) + F("attended_count"))
        .order_by("-starts_at", "-pk")
    )


def bulletins(*, drafts: bool) -> QuerySet[Bulletin]:
    queryset = Bulletin.objects.annotate(
        recipients=Count("deliveries"),
        failed=Count("deliveries", filter=Q(deliveries__status="failed")),
    ).order_by("-sent_at", "-created_at", "-pk")
    return queryset if drafts else queryset.exclude(status=Bulletin.Status.DRAFT)


# Evaluation results


@dataclass
class StageResult:
    stage: str
    label: str
    asked: int
    answered: int
    confidence: float | None
    usefulness: float | None
    spread: list[int] = field(default_factory=list)  # how many answered 1..5


@dataclass
class Results:
    stages: list[StageResult]
    chart: BarChart | None
    comments: list[str]

    @property
    def answered(self) -> int:
        return sum(stage.answered for stage in self.stages)

    def _confidence(self, stage):
        return next((s.confidence for s in self.stages if s.stage == stage), None)

    @property
    def change_after(self) -> float | None:
        before, after = self._confidence(Evaluation.Stage.BEFORE), self._confidence(Evaluation.Stage.AFTER)
        return None if before is None or after is None else round(after - before, 1)

    @property
    def change_follow_up(self) -> float | None:
        before, later = (
            self._confidence(Evaluation.Stage.BEFORE),
            self._confidence(Evaluation.Stage.FOLLOW_UP),
        )
        return None if before is None or later is None else round(later - before, 1)


def _one_decimal(value):
    return None if value is None else round(float(value), 1)


def evaluation_results(evaluations: QuerySet[Evaluation], *, chart_id: str, subject: str) -> Results:
    """Results by stage: how many were asked and answered, the average confidence (1-5)
    and usefulness, the spread of confidence, and what people said (never who)."""
    rows = {
        row["stage"]: row
        for row in evaluations.order_by()
        .values("stage")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            avg_confidence=Avg("confidence"),
            avg_usefulness=Avg("usefulness"),
            **{f"c{n}": Count("pk", filter=Q(confidence=n)) for n in range(1, 6)},
        )
    }
    stages = []
    for value, label in Evaluation.Stage.choices:
        row = rows.get(value, {})
        stages.append(
            StageResult(
                stage=value,
                label=label,
                asked=row.get("asked", 0),
                answered=row.get("answered", 0),
                confidence=_one_decimal(row.get("avg_confidence")),
                usefulness=_one_decimal(row.get("avg_usefulness")),
                spread=[row.get(f"c{n}", 0) for n in range(1, 6)],
            )
        )
    answered = [stage for stage in stages if stage.confidence is not None]
    chart = (
        BarChart(
            chart_id=chart_id,
            title=f"Average confidence at each stage: {subject}",
            description="One bar for each stage of evaluation, its length the average confidence given, "
            "on a scale of 1 (not at all confident) to 5 (very confident). The table gives the same figures.",
            bars=[Bar(stage.label, stage.confidence, f"{stage.confidence:.1f}") for stage in answered],
            value_heading="Average confidence (1 to 5)",
            label_heading="Stage",
            maximum=5,
        )
        if answered
        else None
    )
    comments = list(
        evaluations.exclude(practice_change="").filter(answered_at__isnull=False).order_by("answered_at")
        .values_list("practice_change", flat=True)[:50]
    )  # fmt: skip
    return Results(stages=stages, chart=chart, comments=comments)


def session_results(session: Session) -> Results:
    return evaluation_results(
        Evaluation.objects.filter(booking__session=session),
        chart_id=f"session-{session.pk}-confidence",
        subject=session.name,
    )


def course_results(course: Course) -> Results:
    return evaluation_results(
        Evaluation.objects.filter(booking__session__course=course),
        chart_id=f"course-{course.pk}-confidence",
        subject=course.title,
    )


# The needs analysis


@dataclass
class Demand:
    topic: str
    staff: int
    agencies: int
    by_level: dict


def ranked_demand(analysis: NeedsAnalysis) -> list[Demand]:
    """Topics by the number of staff who need them, most first (one query)."""
    rows = (
        NeedsResponse.objects.filter(analysis=analysis)
        .values("topic")
        .annotate(
            staff_total=Sum("staff"),
            agency_count=Count("agency", distinct=True),
            **{f"level{n}": Sum("staff", filter=Q(level=n)) for n in (1, 2, 3)},
        )
        .order_by("-staff_total", "topic")
    )
    return [
        Demand(
            topic=row["topic"],
            staff=row["staff_total"],
            agencies=row["agency_count"],
            by_level={n: row[f"level{n}"] or 0 for n in (1, 2, 3)},
        )
        for row in rows
    ]


def needs_analyses() -> QuerySet[NeedsAnalysis]:
    return NeedsAnalysis.objects.annotate(
        answered=Count("responses__agency", distinct=True), asked=Count("agencies", distinct=True)
    ).order_by("-year")


def agencies_yet_to_answer(analysis: NeedsAnalysis):
    answered = NeedsResponse.objects.filter(analysis=analysis).values("agency_id")
    return analysis.agencies.exclude(pk__in=answered).order_by("name")


def today() -> date:
    return timezone.localdate()
